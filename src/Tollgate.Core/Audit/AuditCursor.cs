using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Tollgate.Core.Audit;

/// <summary>
/// A keyset position in a search: the (timestamp, sequence) of the last event returned. Because sequence numbers
/// are unique per tenant and never reused, paging stays correct while new events arrive.
/// </summary>
/// <param name="Timestamp">The last returned event's timestamp.</param>
/// <param name="Sequence">The last returned event's sequence number.</param>
public readonly record struct AuditCursor(DateTimeOffset Timestamp, long Sequence)
{
    private const string Version = "v1";

    /// <summary>The opaque, URL-safe form handed to clients.</summary>
    public string Encode()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Version}:{Timestamp.UtcTicks}:{Sequence}");
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>Parses a cursor produced by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryParse(string? value, out AuditCursor cursor)
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
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || ticks > DateTimeOffset.MaxValue.UtcTicks || sequence < 1)
        {
            return false;
        }

        cursor = new AuditCursor(new DateTimeOffset(ticks, TimeSpan.Zero), sequence);
        return true;
    }
}
