using System.Globalization;

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
    public string Encode() => CursorText.Encode(string.Create(CultureInfo.InvariantCulture, $"{Version}:{Timestamp.UtcTicks}:{Id:N}"));

    /// <summary>Parses a cursor produced by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryParse(string? value, out RequestCursor cursor)
    {
        cursor = default;
        if (!CursorText.TryDecode(value, Version, 2, out var parts)
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !Guid.TryParseExact(parts[1], "N", out var id))
        {
            return false;
        }

        cursor = new RequestCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
