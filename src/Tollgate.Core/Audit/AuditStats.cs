namespace Tollgate.Core.Audit;

/// <summary>Event counts over a time range.</summary>
/// <param name="Total">Events in the range.</param>
/// <param name="ByEventType">Counts per event type, largest first.</param>
/// <param name="BySrcService">Counts per source service, largest first.</param>
/// <param name="OverTime">Counts per bucket start, oldest first; empty buckets are omitted.</param>
public sealed record AuditStats(
    long Total,
    IReadOnlyList<KeyValuePair<string, long>> ByEventType,
    IReadOnlyList<KeyValuePair<string, long>> BySrcService,
    IReadOnlyList<KeyValuePair<DateTimeOffset, long>> OverTime);
