using System.Text.Json.Nodes;

namespace Tollgate.Core.Json;

/// <summary>
/// RFC 7396 JSON merge patch over <see cref="JsonNode"/>: an object patch merges member by member, a member whose
/// patch value is null is removed, and any other patch value (arrays included) replaces the target whole.
/// </summary>
/// <remarks>Stateless and thread-safe; the nodes passed in are not.</remarks>
public static class JsonMergePatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="target"/> and returns the result. When both are objects,
    /// <paramref name="target"/> is changed in place and returned; pass a clone to keep the original. The patch is
    /// never changed: values taken from it are copied.
    /// </summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            result.TryGetPropertyValue(name, out var existing);
            var merged = Apply(existing, value);
            if (!ReferenceEquals(merged, existing))
            {
                result[name] = merged;
            }
        }

        return result;
    }
}
