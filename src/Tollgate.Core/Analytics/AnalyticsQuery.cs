namespace Tollgate.Core.Analytics;

/// <summary>The requests an analytics operation covers: a time range, optionally narrowed to one service.</summary>
/// <param name="From">The requested inclusive start; the engine aligns it (see <see cref="RollupRangePlanner"/>).</param>
/// <param name="To">The requested exclusive end.</param>
/// <param name="Service">Only this service's requests, when set.</param>
public sealed record AnalyticsQuery(DateTimeOffset From, DateTimeOffset To, string? Service = null);
