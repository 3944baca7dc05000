namespace Tollgate.Server.Audit.Responses;

/// <summary>The answer to <c>GET /api/v1/logs/stats</c>.</summary>
/// <param name="Total">Events in the range.</param>
/// <param name="ByEventType">Counts per event type, largest first.</param>
/// <param name="BySrcService">Counts per source service, largest first.</param>
/// <param name="OverTime">Counts per bucket, oldest first; empty buckets are left out.</param>
/// <param name="From">The range's inclusive start.</param>
/// <param name="To">The range's exclusive end.</param>
/// <param name="Interval"><c>hour</c> or <c>day</c>.</param>
internal sealed record AuditStatsResponse(
    long Total,
    IReadOnlyList<EventTypeCount> ByEventType,
    IReadOnlyList<SrcServiceCount> BySrcService,
    IReadOnlyList<TimeBucketCount> OverTime,
    string From,
    string To,
    string Interval);
