using Tollgate.LoadHarness;

namespace Tollgate.AnalyticsLoad;

/// <summary>Everything one run measured; written as JSON to <c>--out</c> and printed as Markdown.</summary>
/// <param name="StartedAt">When the run began; the records' window ends here.</param>
/// <param name="Machine">Where it ran.</param>
/// <param name="MachineBusyBefore">Fraction of all cores busy during the 2 s before anything started.</param>
/// <param name="Options">The options, with defaults applied.</param>
/// <param name="Store">The store and its settings.</param>
/// <param name="MinuteRetentionDays">The servers' <c>Analytics:MinuteRetentionDays</c>: long enough that no rollup the run writes expires during it.</param>
/// <param name="WindowStart">The oldest a record may be.</param>
/// <param name="WindowEnd">The newest a record may be (exclusive).</param>
/// <param name="Sent">What the big load sent, counted by the generator.</param>
/// <param name="WriteCost">The write-cost phase; null when left out.</param>
/// <param name="Load">The big load: every record into one fresh server with rollups on.</param>
/// <param name="Queries">Latency of each analytics endpoint and range.</param>
/// <param name="Checks">Answers compared with what was sent.</param>
internal sealed record AnalyticsReport(
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    double MachineBusyBefore,
    AnalyticsOptions Options,
    string Store,
    int MinuteRetentionDays,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    SeriesTotals Sent,
    WriteCostResult? WriteCost,
    MeasuredLoad Load,
    IReadOnlyList<QueryLatency> Queries,
    IReadOnlyList<AnswerCheck> Checks)
{
    /// <summary>The budget of issue 6 for every analytics endpoint at 10M records, median.</summary>
    public const double LatencyTargetMilliseconds = 50;

    public bool LatencyTargetMet => Queries.All(q => q.MedianMilliseconds <= LatencyTargetMilliseconds);

    public bool ChecksPassed => Checks.All(c => c.Passed);
}
