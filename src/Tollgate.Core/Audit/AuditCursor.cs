using System.Globalization;

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
    public string Encode() => CursorText.Encode(string.Create(CultureInfo.InvariantCulture, $"{Version}:{Timestamp.UtcTicks}:{Sequence}"));

    /// <summary>Parses a cursor produced by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryParse(string? value, out AuditCursor cursor)
    {
        cursor = default;
        if (!CursorText.TryDecode(value, Version, 2, out var parts)
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || ticks > DateTimeOffset.MaxValue.UtcTicks || sequence < 1)
        {
            return false;
        }

        cursor = new AuditCursor(new DateTimeOffset(ticks, TimeSpan.Zero), sequence);
        return true;
    }
}
