namespace Tollgate.Server.Requests;

/// <summary>The character rules of HTTP and W3C Trace Context that reported records and filters are checked against.</summary>
internal static class HttpSyntax
{
    /// <summary>True for an RFC 9110 token (the syntax of methods and header names): one or more tchar.</summary>
    public static bool IsToken(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for exactly <paramref name="length"/> lowercase hex digits, not all zero (a valid trace or span id).</summary>
    public static bool IsTraceContextId(string value, int length)
    {
        if (value.Length != length)
        {
            return false;
        }

        var nonZero = false;
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }

            nonZero |= c != '0';
        }

        return nonZero;
    }

    /// <summary>
    /// The first control character of <paramref name="value"/> (C0 or DEL), or null when it has none; horizontal tab
    /// counts only when <paramref name="allowTab"/> is false, as HTTP field values may hold tabs.
    /// </summary>
    public static int? FindControl(string value, bool allowTab = false)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if ((c < ' ' && !(allowTab && c == '\t')) || c == '\u007f')
            {
                return i;
            }
        }

        return null;
    }
}
