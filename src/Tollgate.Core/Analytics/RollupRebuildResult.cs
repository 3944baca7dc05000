namespace Tollgate.Core.Analytics;

/// <summary>What a rollup rebuild did.</summary>
/// <param name="From">The start of the first UTC day rebuilt.</param>
/// <param name="To">The end (exclusive) of the last UTC day rebuilt.</param>
/// <param name="Requests">Raw request rows read and counted.</param>
/// <param name="Rows">Rollup rows written.</param>
public sealed record RollupRebuildResult(DateTimeOffset From, DateTimeOffset To, long Requests, long Rows);
