namespace Tollgate.Core.Analytics;

/// <summary>
/// The figures analytics report from a <see cref="RollupCell"/>: latencies in milliseconds to 3 decimals (the
/// microsecond), error rates in percent to 2 decimals, rounded half away from zero as seed 004's SQL
/// (<c>ROUND(errors * 100.0 / COUNT(*), 2)</c>) does, and percentiles from the cell's sketch clamped to its exact
/// minimum and maximum, so a single request's p99 is its own latency.
/// </summary>
/// <remarks>Thread-safe (pure).</remarks>
public static class RollupFigures
{
    /// <summary>Errors per hundred requests, to 2 decimals; 0 for an empty cell.</summary>
    public static double ErrorRate(long errors, long count) =>
        count == 0 ? 0 : (double)Math.Round(errors * 100m / count, 2, MidpointRounding.AwayFromZero);

    /// <summary>Microseconds as milliseconds to 3 decimals.</summary>
    public static double Milliseconds(double microseconds) =>
        Math.Round(microseconds / 1000, 3, MidpointRounding.AwayFromZero);

    /// <summary>The mean latency in milliseconds; null for an empty cell.</summary>
    public static double? AverageMilliseconds(RollupCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Count == 0
            ? null
            : (double)Math.Round((decimal)cell.DurationSumMicroseconds / cell.Count / 1000m, 3, MidpointRounding.AwayFromZero);
    }

    /// <summary>The latency at <paramref name="quantile"/> in milliseconds; null for an empty cell or one read without its sketch.</summary>
    public static double? PercentileMilliseconds(RollupCell cell, double quantile)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.Count == 0 || cell.Sketch?.Quantile(quantile) is not { } microseconds)
        {
            return null;
        }

        return Milliseconds(Math.Clamp(microseconds, cell.DurationMinMicroseconds, cell.DurationMaxMicroseconds));
    }
}
