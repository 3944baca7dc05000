namespace Tollgate.AnalyticsLoad;

/// <summary>
/// Where the servers of a run keep their data, one fresh database per server: SQLite files in the server's own
/// directory, or databases on a PostgreSQL of the run's own. Measures what a load left on disk.
/// </summary>
internal interface IBenchStore : IAsyncDisposable
{
    /// <summary>The store and its settings, for the report.</summary>
    string Description { get; }

    /// <summary>
    /// Creates the empty database of server <paramref name="name"/>, whose working directory is
    /// <paramref name="directory"/>, and returns the server settings that point it there.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> CreateAsync(string name, string directory, CancellationToken cancellationToken);

    /// <summary>
    /// Waits, up to <paramref name="limit"/>, until the rollups hold everything written (a store that folds them in
    /// later catches up); returns the seconds it waited, 0 when nothing was pending.
    /// </summary>
    Task<double> SettleAsync(string name, TimeSpan limit, CancellationToken cancellationToken);

    /// <summary>The database's size once written out (after a checkpoint), with its tables and its rollup rows.</summary>
    Task<DiskUsage> MeasureAsync(string name, string directory, CancellationToken cancellationToken);

    /// <summary>Deletes the database of server <paramref name="name"/>, so the run's disk use stays bounded.</summary>
    Task DeleteAsync(string name, string directory, CancellationToken cancellationToken);
}
