namespace Tollgate.LoadHarness;

/// <summary>Everything one run measured; written as JSON to <c>--out</c> and printed as Markdown.</summary>
internal sealed record HarnessReport(
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    HarnessOptions Options,
    ThroughputSeries Raw,
    ThroughputSeries Bulk,
    LatencyResult Single)
{
    public const double RatioTarget = 0.70;
    public const double RateTarget = 30_000;

    /// <summary>API/RAW, from the medians.</summary>
    public double Ratio => Bulk.MedianEventsPerSecond / Raw.MedianEventsPerSecond;

    public bool RatioTargetMet => Ratio >= RatioTarget;

    public bool RateTargetMet => Bulk.MedianEventsPerSecond >= RateTarget;
}
