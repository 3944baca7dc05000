namespace Tollgate.AnalyticsLoad;

/// <summary>
/// Starts the run's servers, each on a fresh database of <paramref name="store"/> in a directory of its own under
/// <paramref name="serversDirectory"/>, and measures what a load left there.
/// </summary>
internal sealed class ServerFactory(IBenchStore store, string serverDll, string serversDirectory, int minuteRetentionDays)
{
    private static readonly TimeSpan SettleLimit = TimeSpan.FromMinutes(10);

    public async Task<AnalyticsServer> StartAsync(string name, bool rollups, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateDirectory(DirectoryOf(name)).FullName;
        var settings = await store.CreateAsync(name, directory, cancellationToken);
        return await AnalyticsServer.StartAsync(serverDll, name, directory, settings, rollups, minuteRetentionDays, cancellationToken);
    }

    /// <summary>
    /// Waits until the rollups of server <paramref name="name"/>'s store hold everything, then measures its database,
    /// which holds <paramref name="storedRecords"/> records after <paramref name="load"/>.
    /// </summary>
    public async Task<MeasuredLoad> MeasureAsync(string name, LoadResult load, long storedRecords, CancellationToken cancellationToken)
    {
        var settle = await store.SettleAsync(name, SettleLimit, cancellationToken);
        var disk = await store.MeasureAsync(name, DirectoryOf(name), cancellationToken);
        return new MeasuredLoad(load, storedRecords, settle, disk);
    }

    /// <summary>Deletes the database of a server that has stopped (also when the run is being cancelled).</summary>
    public Task DeleteAsync(string name) =>
        Directory.Exists(DirectoryOf(name)) ? store.DeleteAsync(name, DirectoryOf(name), CancellationToken.None) : Task.CompletedTask;

    private string DirectoryOf(string name) => Path.Combine(serversDirectory, name);
}
