namespace Tollgate.GatewayLoad;

/// <summary>Everything one run measured, in the order it was measured; <see cref="MarkdownReport"/> turns it into tables.</summary>
internal sealed record GatewayLoadReport(
    DateTimeOffset StartedAt,
    TimeSpan Elapsed,
    MachineInfo Machine,
    double OtherWorkBefore,
    LoadOptions Options,
    IReadOnlyList<Target> Targets,
    IReadOnlyList<Workload> Workloads,
    IReadOnlyList<string> Checks,
    IReadOnlyList<ClosedLoopMeasurement> ClosedLoop,
    IReadOnlyDictionary<string, double> FixedRates,
    IReadOnlyList<FixedRateMeasurement> FixedRate,
    IReadOnlyList<StoredCaptures> Stored,
    string? StoredError)
{
    /// <summary>Budget: Tollgate with metadata capture, requests/s as a fraction of bare YARP's.</summary>
    public const double MetadataRatioTarget = 0.85;

    /// <summary>Budget: Tollgate with body capture, requests/s as a fraction of bare YARP's.</summary>
    public const double BodiesRatioTarget = 0.70;

    /// <summary>Budget: p99 added over bare YARP at the fixed rate, in milliseconds.</summary>
    public const double AddedP99TargetMilliseconds = 1.0;

    /// <summary>The targets that were measured.</summary>
    public IEnumerable<Target> Measured => Targets.Where(t => t.Skipped is null);

    /// <summary>Median requests/s of a target on a workload, or null if it was not measured.</summary>
    public double? MedianRate(string target, string workload) =>
        Median(ClosedLoop.Where(m => m.Target == target && m.Workload == workload).Select(m => m.Result.RequestsPerSecond));

    /// <summary>Median fixed-rate p99 (ms) of a target on a workload, or null if it was not measured.</summary>
    public double? MedianFixedRateP99(string target, string workload) =>
        Median(FixedRate.Where(m => m.Target == target && m.Workload == workload).Select(m => m.Result.P99Microseconds / 1000.0));

    /// <summary>The median of <paramref name="values"/>, or null when there are none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
