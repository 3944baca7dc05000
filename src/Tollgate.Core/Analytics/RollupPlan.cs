namespace Tollgate.Core.Analytics;

/// <summary>
/// How a time range is read from rollups: the range actually covered (whole minutes, widened to the hour where minute
/// rows are gone, clamped where nothing is kept) and the segments that tile it, widest rollups first.
/// </summary>
/// <param name="From">The effective inclusive start; what responses report.</param>
/// <param name="To">The effective exclusive end; what responses report.</param>
/// <param name="Segments">Disjoint reads that together cover exactly [<paramref name="From"/>, <paramref name="To"/>); none when the range is empty.</param>
public sealed record RollupPlan(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<RollupSegment> Segments);
