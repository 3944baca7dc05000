namespace Tollgate.Core.Analytics;

/// <summary>Which rollup rows of a tenant to read: one kind and width, buckets starting in [<see cref="From"/>, <see cref="To"/>).</summary>
/// <param name="Kind">Endpoint or consumer rows.</param>
/// <param name="Width">The bucket width.</param>
/// <param name="From">The first bucket start included (aligned to <paramref name="Width"/>).</param>
/// <param name="To">The first bucket start excluded (aligned to <paramref name="Width"/>).</param>
/// <param name="Service">Only rows of this service, when set.</param>
/// <param name="IncludeSketches">Whether cells carry their latency sketch; leave false when no percentile is asked for, it is most of a row's bytes.</param>
public sealed record RollupQuery(
    RollupKind Kind,
    RollupWidth Width,
    DateTimeOffset From,
    DateTimeOffset To,
    string? Service = null,
    bool IncludeSketches = false);
