using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Audit;
using Tollgate.Core.Requests;
using Tollgate.Pipeline.Streams;
using Tollgate.Testing.Logging;

namespace Tollgate.Pipeline.Tests.Streams;

/// <summary>
/// The Redis Streams transport wired by hand over a <see cref="RedisTestConnection"/>: publishers, statistics, a meter
/// factory of its own, and collectors made on demand (stopped on dispose). Options default to fast polling and short
/// retries so tests finish quickly; nothing asserts on timing.
/// </summary>
internal sealed class StreamTestBed : IAsyncDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly ServiceProvider services;
    private readonly List<BackgroundCollector> started = [];

    public StreamTestBed(Action<RedisStreamOptions>? configure = null, string? redisConfiguration = null)
    {
        Options = new RedisStreamOptions
        {
            IdlePollDelay = TimeSpan.FromMilliseconds(10),
            ClaimInterval = TimeSpan.FromMilliseconds(100),
            RetryInitialDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(100),
        };
        configure?.Invoke(Options);
        Redis = new RedisTestConnection(redisConfiguration);
        services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        MeterFactory = services.GetRequiredService<IMeterFactory>();
        Instruments = new StreamInstruments(MeterFactory);
        Statistics = new StreamStatistics(Redis.Connection, TimeProvider.System);
        Requests = new RedisRequestPublisher(Redis.Connection, Microsoft.Extensions.Options.Options.Create(Options), Instruments);
        Audit = new RedisAuditEventPublisher(Redis.Connection, Microsoft.Extensions.Options.Options.Create(Options), Instruments);
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public RedisStreamOptions Options { get; }

    public RedisTestConnection Redis { get; }

    public IDatabase Database => Redis.Database;

    public IMeterFactory MeterFactory { get; }

    public StreamStatistics Statistics { get; }

    public RedisRequestPublisher Requests { get; }

    public RedisAuditEventPublisher Audit { get; }

    public RedisKey RequestStream => Redis.Connection.Key("stream:requests");

    public RedisKey AuditStream => Redis.Connection.Key("stream:audit");

    public RedisKey DeadLetters(string signal) => Redis.Connection.Key($"stream:{signal}:dead");

    internal StreamInstruments Instruments { get; }

    /// <summary>Waits (polling, up to a generous limit) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var limit = DateTime.UtcNow + WaitLimit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < limit, $"Timed out waiting until {what}.");
            await Task.Delay(10, Ct);
        }
    }

    public RequestStreamCollector RequestCollector(IRequestStore store, string? consumer = null, ILogger<RequestStreamCollector>? logger = null) =>
        new(Redis.Connection, Microsoft.Extensions.Options.Options.Create(CollectorOptions(consumer, null)), store, Instruments, Statistics, TimeProvider.System, logger ?? new ListLogger<RequestStreamCollector>());

    public AuditStreamCollector AuditCollector(
        IAuditEventStore store, string? consumer = null, ILogger<AuditStreamCollector>? logger = null, Action<RedisStreamOptions>? adjust = null) =>
        new(Redis.Connection, Microsoft.Extensions.Options.Options.Create(CollectorOptions(consumer, adjust)), store, Instruments, Statistics, TimeProvider.System, logger ?? new ListLogger<AuditStreamCollector>());

    /// <summary>Starts a collector; dispose stops it (and gives up on a held write after a while).</summary>
    public async Task<T> StartAsync<T>(T collector)
        where T : Microsoft.Extensions.Hosting.BackgroundService
    {
        started.Add(new BackgroundCollector(collector));
        await collector.StartAsync(Ct);
        return collector;
    }

    /// <summary>Entries delivered to a consumer of the group and not acknowledged; 0 when the group does not exist yet.</summary>
    public async Task<long> PendingAsync(RedisKey stream)
    {
        try
        {
            return (await Database.StreamPendingAsync(stream, "collectors")).PendingMessageCount;
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return 0;
        }
    }

    /// <summary>Creates the group and has <paramref name="consumer"/> read everything new without acknowledging: a collector that died mid-batch.</summary>
    public async Task<StreamEntry[]> ReadAndDieAsync(RedisKey stream, string consumer)
    {
        try
        {
            await Database.StreamCreateConsumerGroupAsync(stream, "collectors", StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Created already.
        }

        return await Database.StreamReadGroupAsync(stream, "collectors", consumer, StreamPosition.NewMessages, 1000);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var collector in started)
        {
            await collector.StopAsync();
        }

        await Redis.DisposeAsync();
        await services.DisposeAsync();
    }

    /// <summary>A copy of <see cref="Options"/> for one collector, under its own consumer name when given.</summary>
    private RedisStreamOptions CollectorOptions(string? consumer, Action<RedisStreamOptions>? adjust)
    {
        var options = new RedisStreamOptions
        {
            MaxLength = Options.MaxLength,
            ReadCount = Options.ReadCount,
            IdlePollDelay = Options.IdlePollDelay,
            ClaimIdleTime = Options.ClaimIdleTime,
            ClaimInterval = Options.ClaimInterval,
            ConsumerName = consumer ?? Options.ConsumerName,
            RetryInitialDelay = Options.RetryInitialDelay,
            RetryMaxDelay = Options.RetryMaxDelay,
            IdempotencyWindow = Options.IdempotencyWindow,
            MaxEventsPerTransaction = Options.MaxEventsPerTransaction,
        };
        adjust?.Invoke(options);
        return options;
    }

    private sealed class BackgroundCollector(Microsoft.Extensions.Hosting.BackgroundService service)
    {
        public async Task StopAsync()
        {
            // A bounded stop: a write held by a test gate is given up on (its entries stay pending) instead of hanging.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await service.StopAsync(timeout.Token);
            service.Dispose();
        }
    }
}
