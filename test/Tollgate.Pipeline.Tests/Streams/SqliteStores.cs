using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tollgate.Storage.Sqlite;
using Tollgate.Testing;

namespace Tollgate.Pipeline.Tests.Streams;

/// <summary>The real embedded audit and request stores on a database file of their own, for collectors to write into.</summary>
internal sealed class SqliteStores : IAsyncDisposable
{
    private readonly TempDirectory directory;

    private SqliteStores(TempDirectory directory, SqliteAuditEventStore audit, SqliteRequestStore requests)
    {
        this.directory = directory;
        Audit = audit;
        Requests = requests;
    }

    public SqliteAuditEventStore Audit { get; }

    public SqliteRequestStore Requests { get; }

    public static async Task<SqliteStores> OpenAsync()
    {
        var directory = new TempDirectory("streams-");
        var options = Options.Create(new SqliteStoreOptions { Path = directory.Combine("tollgate.db") });

        // The audit store migrates the file; the request store expects that done.
        var audit = new SqliteAuditEventStore(options, TimeProvider.System, NullLogger<SqliteAuditEventStore>.Instance);
        await audit.InitializeAsync(TestContext.Current.CancellationToken);
        var requests = new SqliteRequestStore(options);
        await requests.InitializeAsync(TestContext.Current.CancellationToken);
        return new SqliteStores(directory, audit, requests);
    }

    public async ValueTask DisposeAsync()
    {
        await Requests.DisposeAsync();
        await Audit.DisposeAsync();
        await directory.DisposeAsync();
    }
}
