using System.Buffers.Text;
using System.Text;

namespace Tollgate.Core;

/// <summary>
/// The wire form of keyset cursors: <c>version:part:part…</c> in ASCII, base64url-encoded, so clients treat it as
/// opaque and a cursor of one kind (or version) never parses as another.
/// </summary>
internal static class CursorText
{
    private const int MaxLength = 128;

    public static string Encode(string text) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));

    /// <summary>The parts after <paramref name="version"/>; false unless there are exactly <paramref name="count"/> of them.</summary>
    public static bool TryDecode(string? value, string version, int count, out string[] parts)
    {
        parts = [];
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[96];
        if (!Base64Url.IsValid(value, out var decodedLength) || decodedLength > bytes.Length
            || !Base64Url.TryDecodeFromChars(value, bytes, out var written))
        {
            return false;
        }

        var all = Encoding.ASCII.GetString(bytes[..written]).Split(':');
        if (all.Length != count + 1 || all[0] != version)
        {
            return false;
        }

        parts = all[1..];
        return true;
    }
}
