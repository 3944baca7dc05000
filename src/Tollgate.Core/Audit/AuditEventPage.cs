namespace Tollgate.Core.Audit;

/// <summary>A page of search results.</summary>
/// <param name="Items">The events, in the requested order.</param>
/// <param name="Next">Where the next page starts; null when this page is the last.</param>
public sealed record AuditEventPage(IReadOnlyList<AuditEvent> Items, AuditCursor? Next)
{
    /// <summary>
    /// The page from rows read with one more than <paramref name="limit"/>: the extra row only tells that another page
    /// follows, and is dropped (<paramref name="rows"/> is changed).
    /// </summary>
    public static AuditEventPage FromProbe(List<AuditEvent> rows, int limit)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count <= limit)
        {
            return new AuditEventPage(rows, null);
        }

        rows.RemoveRange(limit, rows.Count - limit);
        var last = rows[^1];
        return new AuditEventPage(rows, new AuditCursor(last.Timestamp, last.Sequence));
    }
}
