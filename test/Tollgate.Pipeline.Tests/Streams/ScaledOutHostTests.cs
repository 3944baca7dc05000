using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tollgate.Core.Audit;
using Tollgate.Core.Requests;
using Tollgate.Pipeline.Transport;
using Tollgate.Testing;

namespace Tollgate.Pipeline.Tests.Streams;

/// <summary>Two hosts wired as the server wires them: an ingest node without a store, and a collector node.</summary>
public sealed class ScaledOutHostTests : IAsyncLifetime
{
    private readonly RedisTestConnection redis = new();
    private SqliteStores stores = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => stores = await SqliteStores.OpenAsync();

    public async ValueTask DisposeAsync()
    {
        await redis.DisposeAsync();
        await stores.DisposeAsync();
    }

    [Fact]
    public async Task What_an_ingest_node_captures_and_publishes_a_collector_node_stores()
    {
        var captured = new RequestRecordFactory().Many("tenant-a", 120);
        var audit = new AuditEventFactory().Many("tenant-a", 5);
        var settings = new Dictionary<string, string?>
        {
            ["Pipeline:Transport"] = "Redis",
            ["Redis:Configuration"] = redis.Options.Configuration,
            ["Redis:KeyPrefix"] = redis.Prefix,
            ["Pipeline:Capture:BatchSize"] = "50",
            ["Pipeline:Redis:IdlePollDelay"] = "00:00:00.010",
        };

        var ingest = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        ingest.Configuration.AddInMemoryCollection(settings);
        ingest.Services.AddTollgateRequestCapture(ingest.Configuration);
        using (var node = ingest.Build())
        {
            await node.StartAsync(Ct);
            var sink = node.Services.GetRequiredService<IRequestCaptureSink>();
            foreach (var record in captured)
            {
                await sink.CaptureAsync(record, Ct);
            }

            var results = await node.Services.GetRequiredService<IAuditEventPublisher>().PublishAsync("tenant-a", audit, Ct);
            Assert.All(results, r => Assert.Equal(0, r.Sequence));
            await node.StopAsync(Ct);
        }

        var collector = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        collector.Configuration.AddInMemoryCollection(settings);
        collector.Services
            .AddSingleton<IRequestStore>(stores.Requests)
            .AddSingleton<IAuditEventStore>(stores.Audit)
            .AddTollgatePipeline(collector.Configuration)
            .AddTollgateStreamCollectors();
        using (var node = collector.Build())
        {
            await node.StartAsync(Ct);
            await StreamTestBed.WaitUntilAsync(
                async () => await stores.Audit.CountAsync("tenant-a", AuditEventFilter.All, Ct) == audit.Count && await CountRequestsAsync() == captured.Count,
                "the collector node has stored everything");
            await node.StopAsync(Ct);
        }

        var chain = await stores.Audit.VerifyChainAsync("tenant-a", Ct);
        Assert.True(chain.Ok);
        Assert.Equal(audit.Count, chain.HeadSequence);
    }

    private async Task<int> CountRequestsAsync()
    {
        var page = await stores.Requests.QueryAsync("tenant-a", new RequestQuery(new RequestFilter(), RequestQuery.MaxLimit, null), Ct);
        return page.Items.Count;
    }
}
