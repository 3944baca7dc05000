using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Readies the database before the server listens (migrations, under their advisory lock, then a partition
/// maintenance run, so today's partitions exist) and disposes the data source after every hosted service has stopped
/// (the capture writer drains into the request store in its own stop), so no acknowledged write is cut off.
/// </summary>
internal sealed partial class PostgresStoreLifecycle(
    NpgsqlDataSource dataSource,
    PostgresPartitionMaintenance maintenance,
    ILogger<PostgresStoreLifecycle> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var applied = await PostgresMigrator.ApplyAsync(dataSource, cancellationToken);
        var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        LogOpened(logger, target.Host, target.Database, applied, PostgresMigrator.LatestVersion);
        await maintenance.RunOnceAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken) => await dataSource.DisposeAsync();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened PostgreSQL store {Host}/{Database}: applied {Applied} migration(s), schema version {Version}.")]
    private static partial void LogOpened(ILogger logger, string? host, string? database, int applied, int version);
}
