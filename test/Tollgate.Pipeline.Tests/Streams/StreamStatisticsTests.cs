using Tollgate.Pipeline.Streams;
using Tollgate.Testing;

namespace Tollgate.Pipeline.Tests.Streams;

public sealed class StreamStatisticsTests : IAsyncDisposable
{
    private readonly StreamTestBed bed = new();

    private static CancellationToken Ct => StreamTestBed.Ct;

    public ValueTask DisposeAsync() => bed.DisposeAsync();

    [Fact]
    public async Task Before_anything_is_published_every_stream_reads_as_empty()
    {
        var statuses = await bed.Statistics.GetAsync(Ct);

        Assert.Equal(["requests", "audit"], statuses.Select(s => s.Signal));
        Assert.All(statuses, s => Assert.Equal(new StreamStatus(s.Signal, 0, null, 0, 0, [], null, null), s with { Consumers = [] }));
        Assert.All(statuses, s => Assert.Empty(s.Consumers));
    }

    [Fact]
    public async Task The_statistics_show_length_lag_pending_entries_consumers_dead_letters_and_the_last_error()
    {
        var factory = new RequestRecordFactory();
        await bed.Requests.PublishAsync([factory.Next()], Ct);
        await bed.Requests.PublishAsync([factory.Next()], Ct);
        await bed.ReadAndDieAsync(bed.RequestStream, "dead-consumer");
        await bed.Requests.PublishAsync([factory.Next()], Ct);
        await bed.Database.StreamAddAsync(bed.AuditStream, "v", 1);
        await using var stores = await SqliteStores.OpenAsync();
        await bed.StartAsync(bed.AuditCollector(stores.Audit, "audit-collector"));
        await StreamTestBed.WaitUntilAsync(async () => (await bed.Statistics.GetAsync(Ct))[1].LastError is not null, "the dead letter is reported");

        var statuses = await bed.Statistics.GetAsync(Ct);

        var requests = statuses[0];
        Assert.Equal(3, requests.Length);
        Assert.Equal(1, requests.Lag);
        Assert.Equal(2, requests.Pending);
        var consumer = Assert.Single(requests.Consumers);
        Assert.Equal("dead-consumer", consumer.Name);
        Assert.Equal(2, consumer.Pending);
        Assert.Null(requests.LastError);
        var audit = statuses[1];
        Assert.Equal(1, audit.DeadLetters);
        Assert.Equal(0, audit.Pending);
        Assert.Equal("audit-collector", Assert.Single(audit.Consumers).Name);
        Assert.Contains("dead-lettered", audit.LastError, StringComparison.Ordinal);
        Assert.NotNull(audit.LastErrorAt);
    }
}
