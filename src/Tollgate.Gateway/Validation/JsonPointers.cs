using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Tollgate.Gateway.Validation;

/// <summary>
/// JSON Pointers (RFC 6901) to places in a request body. Computed from the parsed tree rather than from NJsonSchema's
/// dotted paths, which cannot tell a member named <c>a.b</c> or <c>[0]</c> from nesting.
/// </summary>
internal static class JsonPointers
{
    /// <summary>One reference token: <c>~</c> becomes <c>~0</c> and <c>/</c> becomes <c>~1</c>, in that order.</summary>
    public static string Escape(string name) =>
        name.AsSpan().IndexOfAny('~', '/') < 0 ? name : name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>The pointer to <paramref name="token"/> (a member's value, an item, or a <see cref="JProperty"/> for the member itself); "" for the root.</summary>
    public static string Of(JToken token)
    {
        var segments = new List<string>();
        var current = token;
        if (current is JProperty member)
        {
            segments.Add(Escape(member.Name));
            current = member.Parent;
        }

        while (current?.Parent is { } parent)
        {
            switch (parent)
            {
                case JProperty property:
                    segments.Add(Escape(property.Name));
                    current = property.Parent;
                    break;
                case JArray array:
                    segments.Add(array.IndexOf(current).ToString(CultureInfo.InvariantCulture));
                    current = array;
                    break;
                default:
                    current = parent;
                    break;
            }
        }

        return Join(segments);
    }

    /// <summary>The pointer to the member <paramref name="name"/> of the object at <paramref name="objectPointer"/>.</summary>
    public static string Member(string objectPointer, string name) => objectPointer + "/" + Escape(name);

    private static string Join(List<string> reversed)
    {
        if (reversed.Count == 0)
        {
            return "";
        }

        var pointer = new StringBuilder();
        for (var i = reversed.Count - 1; i >= 0; i--)
        {
            pointer.Append('/').Append(reversed[i]);
        }

        return pointer.ToString();
    }
}
