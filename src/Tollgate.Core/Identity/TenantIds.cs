namespace Tollgate.Core.Identity;

/// <summary>
/// The shape of a tenant id: 1–63 characters of lowercase ASCII letters, digits and '-', starting with a letter or
/// digit. Ids appear in URLs, headers and log lines, so they are kept to characters that need no escaping anywhere.
/// </summary>
public static class TenantIds
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 63;

    /// <summary>True when <paramref name="id"/> is a well-formed tenant id.</summary>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength || id[0] == '-')
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
