using Tollgate.LoadHarness;

namespace Tollgate.ScaleOutLoad;

/// <summary>Everything one run measured; written as JSON to <c>--out</c> and printed as Markdown.</summary>
/// <remarks>
/// <see cref="MachineBusyBefore"/>: the fraction of both cores busy during the 2 s before anything started.
/// <see cref="ServerWarmup"/>: the untimed first RAW pass on the new PostgreSQL cluster, kept for reference only.
/// </remarks>
internal sealed record ScaleOutReport(
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    double MachineBusyBefore,
    ScaleOutOptions Options,
    string PostgresVersion,
    string RedisVersion,
    int WarmupEvents,
    RawResult ServerWarmup,
    IReadOnlyList<ScaleOutRepetition> Repetitions,
    PendingMemoryResult Pending)
{
    /// <summary>DESIGN.md's budget: ingest → Redis → collector → PostgreSQL at ≥ 60% of the raw binary-COPY rate, one collector.</summary>
    public const double RatioTarget = 0.60;

    public double RawMedian => Median(r => r.Raw.EventsPerSecond);

    public double OneCollectorMedian => Median(r => r.OneCollector.EventsPerSecond);

    public double TwoCollectorsMedian => Median(r => r.TwoCollectors.EventsPerSecond);

    public double OneCollectorIngestMedian => Median(r => r.OneCollector.IngestEventsPerSecond);

    public double TwoCollectorsIngestMedian => Median(r => r.TwoCollectors.IngestEventsPerSecond);

    /// <summary>E2E-1/RAW, from the medians.</summary>
    public double OneCollectorRatio => OneCollectorMedian / RawMedian;

    /// <summary>E2E-2/RAW, from the medians.</summary>
    public double TwoCollectorsRatio => TwoCollectorsMedian / RawMedian;

    public bool RatioTargetMet => OneCollectorRatio >= RatioTarget;

    private double Median(Func<ScaleOutRepetition, double> value) => Statistics.Median(Repetitions.Select(value).ToArray());
}
