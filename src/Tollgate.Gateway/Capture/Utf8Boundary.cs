namespace Tollgate.Gateway.Capture;

/// <summary>Where a cut UTF-8 text can end without splitting a character.</summary>
internal static class Utf8Boundary
{
    /// <summary>
    /// The length of <paramref name="utf8"/> without a multi-byte sequence that its end cuts in two; other invalid
    /// bytes are left for the decoder to replace.
    /// </summary>
    public static int CompleteLength(ReadOnlySpan<byte> utf8)
    {
        var lead = utf8.Length - 1;
        while (lead >= 0 && utf8.Length - lead < 4 && (utf8[lead] & 0xC0) == 0x80)
        {
            lead--;
        }

        if (lead < 0)
        {
            return utf8.Length;
        }

        var expected = utf8[lead] switch
        {
            >= 0xF0 and < 0xF8 => 4,
            >= 0xE0 and < 0xF0 => 3,
            >= 0xC0 and < 0xE0 => 2,
            _ => 1,
        };
        return utf8.Length - lead < expected ? lead : utf8.Length;
    }
}
