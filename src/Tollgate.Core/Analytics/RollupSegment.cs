namespace Tollgate.Core.Analytics;

/// <summary>One read of a <see cref="RollupPlan"/>: the rollup rows of one width whose buckets start in [<see cref="From"/>, <see cref="To"/>).</summary>
/// <param name="Width">The bucket width read.</param>
/// <param name="From">The first bucket start included, aligned to <paramref name="Width"/>.</param>
/// <param name="To">The first bucket start excluded, aligned to <paramref name="Width"/>.</param>
public readonly record struct RollupSegment(RollupWidth Width, DateTimeOffset From, DateTimeOffset To);
