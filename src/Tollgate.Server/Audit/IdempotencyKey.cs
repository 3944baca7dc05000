namespace Tollgate.Server.Audit;

/// <summary>The <c>Idempotency-Key</c> request header: 1 to 255 printable ASCII characters.</summary>
internal static class IdempotencyKey
{
    public const string HeaderName = "Idempotency-Key";

    public const int MaxLength = 255;

    public const string Description = "Makes a retry return the original result instead of storing again: 1 to 255 printable ASCII characters. In a bulk call, item i uses \"<key>#<i>\".";

    /// <summary>
    /// False when the header is present but malformed (empty, too long, not printable ASCII, or sent twice);
    /// <paramref name="key"/> is null when it is absent.
    /// </summary>
    public static bool TryRead(HttpRequest request, out string? key)
    {
        key = null;
        if (!request.Headers.TryGetValue(HeaderName, out var values))
        {
            return true;
        }

        if (values.Count != 1 || values[0] is not { Length: > 0 and <= MaxLength } header)
        {
            return false;
        }

        foreach (var c in header)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        key = header;
        return true;
    }
}
