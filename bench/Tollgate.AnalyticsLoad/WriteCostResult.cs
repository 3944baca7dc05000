using Tollgate.LoadHarness;

namespace Tollgate.AnalyticsLoad;

/// <summary>The write-cost phase: what maintaining rollups costs the write path, from interleaved pairs.</summary>
/// <param name="Records">Records of each measured load.</param>
/// <param name="WarmupRecords">Records each server took, untimed, before its measured load.</param>
/// <param name="WindowDays">The days the warm-up and measured records span.</param>
/// <param name="WindowMinutes">The minutes --write-minutes asked them to span; null when as dense as the big load's.</param>
/// <param name="Repetitions">The pairs, in the order they ran.</param>
internal sealed record WriteCostResult(int Records, int WarmupRecords, double WindowDays, int? WindowMinutes, IReadOnlyList<WriteCostRepetition> Repetitions)
{
    /// <summary>The budget of issue 6: rollups cost at most 15% of the write path's throughput.</summary>
    public const double RatioTarget = 0.85;

    public double MedianWithout => Statistics.Median(Repetitions.Select(r => r.Without.Load.RecordsPerSecond).ToArray());

    public double MedianWith => Statistics.Median(Repetitions.Select(r => r.With.Load.RecordsPerSecond).ToArray());

    /// <summary>With ÷ without, from the medians.</summary>
    public double Ratio => MedianWith / MedianWithout;

    public bool RatioTargetMet => Ratio >= RatioTarget;

    public double MedianCpuWithout => Statistics.Median(Repetitions.Select(r => r.Without.Load.ServerCpuMicrosecondsPerRecord).ToArray());

    public double MedianCpuWith => Statistics.Median(Repetitions.Select(r => r.With.Load.ServerCpuMicrosecondsPerRecord).ToArray());

    /// <summary>Bytes per stored record on disk without rollups (the same in every pair, give or take page fill).</summary>
    public double MedianBytesWithout => Statistics.Median(Repetitions.Select(r => r.Without.BytesPerRecord).ToArray());

    public double MedianBytesWith => Statistics.Median(Repetitions.Select(r => r.With.BytesPerRecord).ToArray());
}
