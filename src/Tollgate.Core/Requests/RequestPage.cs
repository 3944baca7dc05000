namespace Tollgate.Core.Requests;

/// <summary>A page of requests, newest first, without their <see cref="RequestRecord.Detail"/>.</summary>
/// <param name="Items">The requests.</param>
/// <param name="Next">Where the next page starts; null when this page is the last.</param>
public sealed record RequestPage(IReadOnlyList<RequestRecord> Items, RequestCursor? Next)
{
    /// <summary>
    /// The page from rows read with one more than <paramref name="limit"/>: the extra row only tells that another page
    /// follows, and is dropped (<paramref name="rows"/> is changed).
    /// </summary>
    public static RequestPage FromProbe(List<RequestRecord> rows, int limit)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count <= limit)
        {
            return new RequestPage(rows, null);
        }

        rows.RemoveRange(limit, rows.Count - limit);
        var last = rows[^1];
        return new RequestPage(rows, new RequestCursor(last.Timestamp, last.Id));
    }
}
