using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tollgate.Core.Requests;
using Tollgate.Pipeline.Capture;
using Tollgate.Storage.Sqlite;
using Tollgate.Testing;

namespace Tollgate.Pipeline.Tests.Capture;

/// <summary>The capture pipeline draining into the real embedded store, hosted as the server hosts it.</summary>
public sealed class RequestCaptureSqliteTests : IAsyncDisposable
{
    private readonly TempDirectory directory = new("capture-sqlite-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => directory.DisposeAsync();

    [Fact]
    public async Task Everything_captured_before_stop_is_in_the_database_after_it()
    {
        var path = directory.Combine("data", "tollgate.db");
        var factory = new RequestRecordFactory();
        var records = Enumerable.Range(0, 2_000).Select(i => i % 100 == 0 ? factory.Full(i % 200 == 0 ? "tenant-a" : "tenant-b") : factory.Next("tenant-a")).ToList();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = path,
            ["Pipeline:Capture:BatchSize"] = "300",
        });
        builder.Services.AddTollgateSqliteStorage(builder.Configuration).AddTollgateRequestCapture(builder.Configuration);

        CaptureQueueStatistics statistics;
        using (var host = builder.Build())
        {
            await host.StartAsync(Ct);
            var sink = host.Services.GetRequiredService<IRequestCaptureSink>();
            foreach (var record in records)
            {
                await sink.CaptureAsync(record, Ct);
            }

            await host.StopAsync(Ct);
            statistics = host.Services.GetRequiredService<RequestCaptureQueue>().GetStatistics();
        }

        Assert.Equal(new CaptureQueueStatistics(10_000, 0, 2_000, 0, 2_000, 0), statistics);
        var options = Options.Create(new SqliteStoreOptions { Path = path });
        await using var audit = new SqliteAuditEventStore(options, TimeProvider.System, NullLogger<SqliteAuditEventStore>.Instance);
        await audit.InitializeAsync(Ct);
        await using var store = new SqliteRequestStore(options);
        await store.InitializeAsync(Ct);
        var tenantA = await ReadAllAsync(store, "tenant-a");
        var tenantB = await ReadAllAsync(store, "tenant-b");
        Assert.Equal(records.Where(r => r.TenantId == "tenant-a").Select(r => r.Id).Order(), tenantA.Order());
        Assert.Equal(records.Where(r => r.TenantId == "tenant-b").Select(r => r.Id).Order(), tenantB.Order());
        var full = records[100];
        var stored = await store.GetAsync(full.TenantId, full.Id, Ct);
        Assert.Equal(full.Detail!.RequestHeaders, stored!.Detail!.RequestHeaders);
        Assert.Equal(full.Detail.ResponseBody, stored.Detail.ResponseBody);
    }

    private static async Task<List<Guid>> ReadAllAsync(SqliteRequestStore store, string tenantId)
    {
        var ids = new List<Guid>();
        RequestCursor? after = null;
        do
        {
            var page = await store.QueryAsync(tenantId, new RequestQuery(new RequestFilter(), RequestQuery.MaxLimit, after), Ct);
            ids.AddRange(page.Items.Select(r => r.Id));
            after = page.Next;
        }
        while (after is not null);

        return ids;
    }
}
