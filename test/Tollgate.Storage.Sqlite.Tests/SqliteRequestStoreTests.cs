using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tollgate.Core.Audit;
using Tollgate.Core.Requests;
using Tollgate.Testing;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>What the embedded request store does beyond the contract: sharing the file with the audit writer, its tables, its lifecycle.</summary>
public sealed class SqliteRequestStoreTests : IAsyncDisposable
{
    private const string Tenant = "tenant-a";
    private readonly TempDirectory directory = new("sqlite-requests-");
    private readonly RequestRecordFactory requests = new();

    private string DatabasePath => directory.Combine("data", "tollgate.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => directory.DisposeAsync();

    [Fact]
    public async Task Concurrent_audit_appends_and_request_writes_all_commit()
    {
        var events = new AuditEventFactory();
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        var batches = Enumerable.Range(0, 20).Select(_ => requests.Many(Tenant, 100)).ToList();
        var appends = Enumerable.Range(0, 20).Select(_ => events.Many(Tenant, 50)).ToList();

        await Task.WhenAll(
            batches.Select(b => Task.Run(() => store.WriteAsync(b, Ct), Ct))
                .Concat(appends.Select(e => Task.Run(() => audit.AppendAsync(Tenant, e, Ct), Ct))));

        Assert.Equal(2_000L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM requests"));
        Assert.Equal(1_000, await audit.CountAsync(Tenant, AuditEventFilter.All, Ct));
        Assert.True((await audit.VerifyChainAsync(Tenant, Ct)).Ok);
        foreach (var batch in batches)
        {
            Assert.NotNull(await store.GetAsync(Tenant, batch[^1].Id, Ct));
        }
    }

    [Fact]
    public async Task A_request_write_waits_for_an_open_write_transaction_instead_of_failing()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        var record = requests.Next(Tenant);
        Task write;
        using (var blocker = SqliteTestStore.OpenRaw(DatabasePath))
        {
            using var transaction = blocker.BeginTransaction(deferred: false);
            write = Task.Run(() => store.WriteAsync([record], Ct), Ct);
            await Task.Delay(100, Ct);
            Assert.False(write.IsCompleted, "The write did not wait for the write lock.");
            transaction.Commit();
        }

        await write;

        Assert.NotNull(await store.GetAsync(Tenant, record.Id, Ct));
    }

    [Fact]
    public async Task Only_records_with_a_detail_get_a_detail_row()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        var withDetail = requests.Full(Tenant);

        await store.WriteAsync([requests.Next(Tenant), withDetail, requests.Minimal(Tenant)], Ct);
        await store.WriteAsync([withDetail], Ct);

        Assert.Equal(3L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM requests"));
        Assert.Equal(1L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM requests WHERE has_detail = 1"));
        Assert.Equal(1L, SqliteTestStore.Scalar(
            DatabasePath,
            "SELECT COUNT(*) FROM request_details WHERE id = $id AND json_array_length(request_headers) = 5",
            ("$id", withDetail.Id.ToByteArray(bigEndian: true))));
    }

    [Fact]
    public async Task A_batch_the_database_rejects_rolls_back_whole_and_later_batches_still_commit()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        SqliteTestStore.Execute(DatabasePath, "CREATE TRIGGER reject_boom BEFORE INSERT ON requests WHEN NEW.path = '/boom' BEGIN SELECT RAISE(ABORT, 'boom'); END");
        var before = requests.Full(Tenant);
        var after = requests.Next(Tenant);

        await Assert.ThrowsAsync<SqliteException>(() => store.WriteAsync([before, requests.Next(Tenant) with { Path = "/boom" }], Ct));
        await store.WriteAsync([after], Ct);

        Assert.Null(await store.GetAsync(Tenant, before.Id, Ct));
        Assert.Equal(0L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM request_details"));
        Assert.NotNull(await store.GetAsync(Tenant, after.Id, Ct));
    }

    [Fact]
    public async Task Requests_survive_closing_and_reopening_the_store()
    {
        var record = requests.Full(Tenant);
        await using (var audit = await SqliteTestStore.OpenAsync(DatabasePath))
        await using (var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath))
        {
            await store.WriteAsync([record], Ct);
        }

        await using (var audit = await SqliteTestStore.OpenAsync(DatabasePath))
        await using (var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath))
        {
            var stored = await store.GetAsync(Tenant, record.Id, Ct);
            Assert.Equal(record with { Detail = null, HasDetail = true }, stored! with { Detail = null });
            Assert.Equal(record.Detail!.ResponseBody, stored.Detail!.ResponseBody);
        }
    }

    [Fact]
    public async Task Opening_on_a_database_without_the_request_tables_is_refused_with_a_clear_message()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        SqliteTestStore.Execute(DatabasePath, "CREATE TABLE unrelated (x INTEGER)");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteRequestStoreFactory.OpenAsync(DatabasePath));

        Assert.Contains("request tables", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SqliteAuditEventStore), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_before_initialising_or_after_disposing_are_refused()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        var store = new SqliteRequestStore(Microsoft.Extensions.Options.Options.Create(new SqliteStoreOptions { Path = DatabasePath }));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync([requests.Next(Tenant)], Ct));
        await store.InitializeAsync(Ct);
        await store.DisposeAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync([requests.Next(Tenant)], Ct));
    }

    [Fact]
    public async Task The_host_opens_the_request_store_after_the_migrations_and_closes_it_at_shutdown()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = DatabasePath });
        builder.Services.AddLogging().AddTollgateSqliteStorage(builder.Configuration);
        var record = requests.Full(Tenant);

        using (var host = builder.Build())
        {
            await host.StartAsync(Ct);
            var store = host.Services.GetRequiredService<IRequestStore>();
            Assert.Same(host.Services.GetRequiredService<SqliteRequestStore>(), store);
            await store.WriteAsync([record], Ct);
            await host.StopAsync(Ct);

            await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync([requests.Next(Tenant)], Ct));
        }

        Assert.Equal(1L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM request_details"));
    }
}
