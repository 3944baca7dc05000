using Microsoft.Extensions.Hosting;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// Opens the store before the server starts listening (migrations included, then the request store's writer on the
/// migrated file) and closes the writers after every hosted service has stopped (the capture writer drains into the
/// request store in its own stop), so no acknowledged write is cut off by shutdown.
/// </summary>
internal sealed class SqliteStoreLifecycle(SqliteAuditEventStore store, SqliteRequestStore requests) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        await requests.InitializeAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await requests.DisposeAsync();
        await store.DisposeAsync();
    }
}
