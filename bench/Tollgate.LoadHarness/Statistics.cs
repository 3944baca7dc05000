namespace Tollgate.LoadHarness;

/// <summary>Median and nearest-rank percentiles.</summary>
internal static class Statistics
{
    public static double Median(double[] values)
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Length);
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The nearest-rank percentile of values already sorted ascending; 0 when there are none.</summary>
    public static long Percentile(ReadOnlySpan<long> sorted, double percentile)
    {
        if (sorted.IsEmpty)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
