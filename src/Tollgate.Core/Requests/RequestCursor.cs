using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Tollgate.Core.Requests;

/// <summary>
/// A keyset position in a request search: the (timestamp, id) of the last request returned. Ids are unique, so
/// paging stays exact while new requests arrive.
/// </summary>
/// <param name="Timestamp">The last returned request's timestamp.</param>
/// <param name="Id">The last returned request's id.</param>
public readonly record struct RequestCursor(DateTimeOffset Timestamp, Guid Id)
{
    private const string Version = "r1";

    /// <summary>The opaque, URL-safe form handed to clients.</summary>
    public string Encode()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Version}:{Timestamp.UtcTicks}:{Id:N}");
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>Parses a cursor produced by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryParse(string? value, out RequestCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(value) || value.Length > 128)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[96];
        if (!Base64Url.IsValid(value, out var decodedLength) || decodedLength > bytes.Length
            || !Base64Url.TryDecodeFromChars(value, bytes, out var written))
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(bytes[..written]).Split(':');
        if (parts.Length != 3 || parts[0] != Version
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !Guid.TryParseExact(parts[2], "N", out var id))
        {
            return false;
        }

        cursor = new RequestCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
