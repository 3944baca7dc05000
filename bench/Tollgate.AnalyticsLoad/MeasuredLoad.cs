namespace Tollgate.AnalyticsLoad;

/// <summary>A load into a fresh server and what the database held afterwards.</summary>
/// <param name="Load">The timed load.</param>
/// <param name="StoredRecords">Records the database holds: the load's, and its warm-up's when it had one.</param>
/// <param name="SettleSeconds">How long after the last acknowledgement the rollups held everything (0 where they are written with the rows).</param>
/// <param name="Disk">The database afterwards.</param>
internal sealed record MeasuredLoad(LoadResult Load, long StoredRecords, double SettleSeconds, DiskUsage Disk)
{
    public double BytesPerRecord => (double)Disk.Bytes / StoredRecords;

    /// <summary>Rollup rows (every width and kind) per stored record: what the rollups cost depends on it.</summary>
    public double RollupRowsPerRecord => (double)Disk.RollupRows.Values.Sum() / StoredRecords;
}
