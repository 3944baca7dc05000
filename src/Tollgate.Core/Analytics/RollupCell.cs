namespace Tollgate.Core.Analytics;

/// <summary>
/// The measures of one rollup row: exact counts, sums and extremes, plus a <see cref="LatencySketch"/> for
/// percentiles. Cells add up: the cell of a range is the <see cref="Add(RollupCell)"/> of its buckets' cells.
/// </summary>
/// <remarks>Not thread-safe. Latencies are the request's total duration in microseconds.</remarks>
public sealed class RollupCell
{
    /// <summary>Requests counted.</summary>
    public long Count { get; set; }

    /// <summary>Requests answered with a status of 400 or above.</summary>
    public long Errors { get; set; }

    /// <summary>Requests answered with a status of 500 or above (also counted in <see cref="Errors"/>).</summary>
    public long ServerErrors { get; set; }

    /// <summary>The sum of the durations, for the exact average.</summary>
    public long DurationSumMicroseconds { get; set; }

    /// <summary>The shortest duration; <see cref="long.MaxValue"/> while the cell is empty.</summary>
    public long DurationMinMicroseconds { get; set; } = long.MaxValue;

    /// <summary>The longest duration; 0 while the cell is empty.</summary>
    public long DurationMaxMicroseconds { get; set; }

    /// <summary>Request body bytes received.</summary>
    public long RequestBytes { get; set; }

    /// <summary>Response body bytes sent.</summary>
    public long ResponseBytes { get; set; }

    /// <summary>The latency histogram; null when a read left sketches out.</summary>
    public LatencySketch? Sketch { get; set; }

    /// <summary>Counts one request.</summary>
    public void Add(int status, long durationMicroseconds, long requestBytes, long responseBytes)
    {
        Count++;
        if (status >= 400)
        {
            Errors++;
            if (status >= 500)
            {
                ServerErrors++;
            }
        }

        DurationSumMicroseconds += durationMicroseconds;
        DurationMinMicroseconds = Math.Min(DurationMinMicroseconds, durationMicroseconds);
        DurationMaxMicroseconds = Math.Max(DurationMaxMicroseconds, durationMicroseconds);
        RequestBytes += requestBytes;
        ResponseBytes += responseBytes;
        (Sketch ??= new LatencySketch()).Add(durationMicroseconds);
    }

    /// <summary>Adds another cell's measures; its sketch is merged when both have one (or taken when this has none and is empty).</summary>
    public void Add(RollupCell other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var wasEmpty = Count == 0;
        Count += other.Count;
        Errors += other.Errors;
        ServerErrors += other.ServerErrors;
        DurationSumMicroseconds += other.DurationSumMicroseconds;
        DurationMinMicroseconds = Math.Min(DurationMinMicroseconds, other.DurationMinMicroseconds);
        DurationMaxMicroseconds = Math.Max(DurationMaxMicroseconds, other.DurationMaxMicroseconds);
        RequestBytes += other.RequestBytes;
        ResponseBytes += other.ResponseBytes;
        if (other.Sketch is { } sketch)
        {
            if (Sketch is null && wasEmpty)
            {
                Sketch = new LatencySketch();
            }

            Sketch?.Merge(sketch);
        }
    }
}
