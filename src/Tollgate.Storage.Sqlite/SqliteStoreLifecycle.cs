using Microsoft.Extensions.Hosting;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// Opens the store before the server starts listening (migrations included) and drains its writer after the
/// server has stopped, so no acknowledged write is cut off by shutdown.
/// </summary>
internal sealed class SqliteStoreLifecycle(SqliteAuditEventStore store) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken) => await store.DisposeAsync();
}
