using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tollgate.Redis;

namespace Tollgate.Pipeline.Streams;

/// <summary>
/// Drains one signal's stream into its store as a member of the <c>collectors</c> consumer group: creates the group
/// (from the stream's start) if needed, re-reads its own unacknowledged entries, then reads new ones, polling with
/// <see cref="RedisStreamOptions.IdlePollDelay"/> when idle. Every <see cref="RedisStreamOptions.ClaimInterval"/> it
/// claims entries other consumers left unacknowledged for <see cref="RedisStreamOptions.ClaimIdleTime"/>.
/// </summary>
/// <remarks>
/// <para>
/// An entry is acknowledged only after the store committed it. Undecodable entries and entries the store refuses for
/// good go to the dead-letter stream and are acknowledged, so they never block the stream. Any other failure (store
/// or Redis) keeps the batch and retries it, with exponential backoff and jitter, until it works or the node stops:
/// nothing is dropped. Entries that may have been stored before (redelivered, claimed, or retried) are checked by
/// the derived collector so they are not written twice.
/// </para>
/// <para>
/// On stop no new reads start; the write in flight finishes and is acknowledged, unless the host's shutdown timeout
/// expires first. Whatever is left unacknowledged is delivered again, to this consumer or a claiming one.
/// </para>
/// </remarks>
internal abstract class StreamCollector<TBatch> : BackgroundService
    where TBatch : class
{
    private const string DeadLetterReasonField = "reason";
    private const string DeadLetterEntryField = "entry";
    private const string DeadLetterConsumerField = "consumer";
    private const string TrimmedReason = "trimmed from the stream before it was stored";

    // Consumers that have had nothing pending for this long are gone (a live one polls every IdlePollDelay); they are
    // removed so restarts under fresh names do not pile up in the group.
    private static readonly TimeSpan ConsumerIdleLimit = TimeSpan.FromHours(1);

    private static readonly string RemoveIdleConsumersScript = """
        local removed = 0
        for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local fields = {}
          for i = 1, #consumer, 2 do fields[consumer[i]] = consumer[i + 1] end
          if fields['pending'] == 0 and fields['idle'] >= tonumber(ARGV[2]) and fields['name'] ~= ARGV[3] then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], fields['name'])
            removed = removed + 1
          end
        end
        return removed
        """;

    private readonly RedisConnection redis;
    private readonly StreamInstruments instruments;
    private readonly StreamStatistics statistics;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly StreamAddOptions deadLetterOptions;

    // Cancelled only when the host's shutdown timeout expires, so a stop lets the write in flight finish. Never
    // disposed: it has no timer, and the loop may still read its token after the host gave up waiting.
    private readonly CancellationTokenSource abort = new();
    private int retries;
    private DateTimeOffset outageStart;

    protected StreamCollector(
        string signalName,
        RedisConnection redis,
        RedisStreamOptions options,
        StreamInstruments instruments,
        StreamStatistics statistics,
        TimeProvider timeProvider,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.redis = redis;
        this.instruments = instruments;
        this.statistics = statistics;
        this.timeProvider = timeProvider;
        this.logger = logger;
        Options = options;
        Signal = new StreamSignal(signalName, redis);
        ConsumerName = options.ConsumerName
            ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        deadLetterOptions = new StreamAddOptions { MaxLength = options.MaxLength, Approximate = true };
    }

    /// <summary>This collector's name in the consumer group.</summary>
    public string ConsumerName { get; }

    protected RedisStreamOptions Options { get; }

    internal StreamSignal Signal { get; }

    /// <summary>The payload layout version this collector reads.</summary>
    protected abstract int PayloadVersion { get; }

    /// <summary>Lets the write in flight finish; gives up on it when <paramref name="cancellationToken"/> (the host's shutdown timeout) fires.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), abort);
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Decodes a payload of <see cref="PayloadVersion"/>; throws <see cref="FormatException"/> when it is damaged.</summary>
    protected abstract TBatch Decode(ReadOnlyMemory<byte> payload);

    /// <summary>The request records or audit events in a batch.</summary>
    protected abstract int CountItems(TBatch batch);

    /// <summary>
    /// Stores the pending entries (in stream order) and sets each one's outcome: stored, already stored (a redelivery
    /// that was committed before) or rejected for good. Throws on a failure worth retrying, after setting the
    /// outcomes of what it did commit.
    /// </summary>
    protected abstract Task StoreAsync(IReadOnlyList<CollectedEntry<TBatch>> entries, CancellationToken cancellationToken);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        StreamLog.Started(logger, Signal.Name, ConsumerName);
        var groupReady = false;

        // Own unacknowledged entries first (a restart under a stable consumer name), then new ones.
        RedisValue? pendingFrom = StreamPosition.Beginning;

        // Nothing is claimable before it has been idle for ClaimIdleTime, so the first claim can wait an interval.
        var nextClaim = timeProvider.GetUtcNow() + Options.ClaimInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!groupReady)
                {
                    await CreateGroupAsync();
                    groupReady = true;
                }

                if (timeProvider.GetUtcNow() >= nextClaim)
                {
                    await ClaimAbandonedAsync(stoppingToken);
                    nextClaim = timeProvider.GetUtcNow() + Options.ClaimInterval;
                }

                var entries = await redis.Database.StreamReadGroupAsync(
                    Signal.Stream, StreamSignal.Group, ConsumerName, pendingFrom ?? StreamPosition.NewMessages, Options.ReadCount);
                if (entries.Length > 0)
                {
                    var redelivered = pendingFrom is not null;
                    pendingFrom = redelivered ? entries[^1].Id : (RedisValue?)null;
                    await CollectAsync(entries, redelivered, stoppingToken);
                }
                else if (pendingFrom is not null)
                {
                    pendingFrom = null;
                }
                else
                {
                    Recovered();
                    await Task.Delay(Options.IdlePollDelay, timeProvider, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A deleted stream or group (NOGROUP) is created again; anything else is an outage to wait out.
                groupReady = groupReady && !ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal);
                if (!await WaitAfterFailureAsync(ex, stoppingToken))
                {
                    break;
                }
            }
        }
    }

    private async Task CreateGroupAsync()
    {
        try
        {
            // From the start of the stream, so entries published before any collector ran are collected too.
            await redis.Database.StreamCreateConsumerGroupAsync(Signal.Stream, StreamSignal.Group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another collector created it first.
        }
    }

    private async Task ClaimAbandonedAsync(CancellationToken stoppingToken)
    {
        var database = redis.Database;
        RedisValue cursor = "0-0";
        do
        {
            var claim = await database.StreamAutoClaimAsync(
                Signal.Stream, StreamSignal.Group, ConsumerName, (long)Options.ClaimIdleTime.TotalMilliseconds, cursor, Options.ReadCount);
            if (claim.DeletedIds.Length > 0)
            {
                // Redis already dropped them from the pending list; record the loss where operators look.
                await RecordTrimmedAsync(claim.DeletedIds);
            }

            if (claim.ClaimedEntries.Length > 0)
            {
                instruments.Claimed(Signal.Name, claim.ClaimedEntries.Length);
                StreamLog.Claimed(logger, claim.ClaimedEntries.Length, Signal.Name);
                await CollectAsync(claim.ClaimedEntries, redelivered: true, stoppingToken);
            }

            cursor = claim.NextStartId;
        }
        while (cursor != "0-0" && !stoppingToken.IsCancellationRequested);

        var removed = (long)await database.ScriptEvaluateAsync(
            RemoveIdleConsumersScript,
            [Signal.Stream],
            [StreamSignal.Group, (long)ConsumerIdleLimit.TotalMilliseconds, ConsumerName]);
        if (removed > 0)
        {
            StreamLog.ConsumersRemoved(logger, removed, ConsumerIdleLimit, Signal.Name);
        }
    }

    /// <summary>Stores, dead-letters and acknowledges one read's entries, retrying until all are done or the node stops.</summary>
    private async Task CollectAsync(StreamEntry[] read, bool redelivered, CancellationToken stoppingToken)
    {
        var entries = new List<CollectedEntry<TBatch>>(read.Length);
        foreach (var entry in read)
        {
            entries.Add(Read(entry, redelivered));
        }

        while (true)
        {
            Exception? failure = null;
            var pending = entries.Where(e => e.Outcome == EntryOutcome.Pending).ToList();
            if (pending.Count > 0)
            {
                try
                {
                    await StoreAsync(pending, abort.Token);
                }
                catch (OperationCanceledException) when (abort.IsCancellationRequested)
                {
                    var left = entries.Count(e => !e.Acknowledged);
                    StreamLog.StoppedWithPending(logger, Signal.Name, left);
                    throw new OperationCanceledException("The shutdown timeout expired during a store write.", stoppingToken);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            }

            try
            {
                await AcknowledgeAsync(entries);
            }
            catch (Exception ex)
            {
                failure ??= ex;
            }

            if (failure is null)
            {
                Recovered();
                return;
            }

            if (!await WaitAfterFailureAsync(failure, stoppingToken))
            {
                var left = entries.Count(e => !e.Acknowledged);
                StreamLog.StoppedWithPending(logger, Signal.Name, left);
                return;
            }

            // A failed write may still have committed: what is retried is checked as a redelivery.
            var unacknowledged = entries.Where(e => !e.Acknowledged).ToList();
            foreach (var entry in unacknowledged)
            {
                entry.Redelivered = true;
            }

            await KeepOwnershipAsync(unacknowledged);
        }
    }

    private CollectedEntry<TBatch> Read(StreamEntry entry, bool redelivered)
    {
        if (entry.IsNull || entry.Values.Length == 0)
        {
            return CollectedEntry<TBatch>.Refused(entry, TrimmedReason, redelivered);
        }

        var version = entry[StreamSignal.VersionField];
        if (!version.TryParse(out int number) || number != PayloadVersion)
        {
            return CollectedEntry<TBatch>.Refused(entry, $"payload version '{version}' is not {PayloadVersion}", redelivered);
        }

        var payload = entry[StreamSignal.PayloadField];
        if (payload.IsNull)
        {
            return CollectedEntry<TBatch>.Refused(entry, "the entry has no payload", redelivered);
        }

        try
        {
            var batch = Decode((ReadOnlyMemory<byte>)payload);
            return CollectedEntry<TBatch>.Decoded(entry, batch, CountItems(batch), redelivered);
        }
        catch (FormatException ex)
        {
            return CollectedEntry<TBatch>.Refused(entry, "undecodable payload: " + ex.Message, redelivered);
        }
    }

    /// <summary>Dead-letters rejected entries and acknowledges the done ones; throws when Redis fails, leaving the rest for the retry.</summary>
    private async Task AcknowledgeAsync(List<CollectedEntry<TBatch>> entries)
    {
        var database = redis.Database;
        foreach (var entry in entries.Where(e => e.Outcome == EntryOutcome.Rejected && !e.Acknowledged))
        {
            // One transaction, so an entry is never acknowledged without its dead letter, nor dead-lettered twice by this call.
            var transaction = database.CreateTransaction();
            var added = transaction.StreamAddAsync(Signal.DeadLetters, DeadLetter(entry), deadLetterOptions);
            var acknowledged = transaction.StreamAcknowledgeAsync(Signal.Stream, StreamSignal.Group, entry.Id);
            await transaction.ExecuteAsync();
            await added;
            await acknowledged;
            entry.Acknowledged = true;
            instruments.DeadLettered(Signal.Name, 1);
            StreamLog.DeadLettered(logger, Signal.Name, entry.Id.ToString(), entry.Rejection!);
            statistics.RecordError(Signal, ConsumerName, $"entry {entry.Id} dead-lettered: {entry.Rejection}");
        }

        var done = entries.Where(e => e.Outcome is EntryOutcome.Stored or EntryOutcome.AlreadyStored && !e.Acknowledged).ToList();
        if (done.Count == 0)
        {
            return;
        }

        await database.StreamAcknowledgeAsync(Signal.Stream, StreamSignal.Group, [.. done.Select(e => e.Id)]);
        var stored = done.Where(e => e.Outcome == EntryOutcome.Stored).ToList();
        foreach (var entry in done)
        {
            entry.Acknowledged = true;
        }

        if (stored.Count > 0)
        {
            instruments.Collected(Signal.Name, stored.Count, stored.Sum(e => (long)e.Items));
        }

        if (stored.Count < done.Count)
        {
            instruments.Redelivered(Signal.Name, done.Count - stored.Count);
        }
    }

    private NameValueEntry[] DeadLetter(CollectedEntry<TBatch> entry) =>
    [
        new(DeadLetterReasonField, entry.Rejection),
        new(DeadLetterEntryField, entry.Id),
        new(DeadLetterConsumerField, ConsumerName),
        .. entry.Fields,
    ];

    private async Task RecordTrimmedAsync(RedisValue[] ids)
    {
        var database = redis.Database;
        foreach (var id in ids)
        {
            await database.StreamAddAsync(
                Signal.DeadLetters,
                [new(DeadLetterReasonField, TrimmedReason), new(DeadLetterEntryField, id), new(DeadLetterConsumerField, ConsumerName)],
                deadLetterOptions);
        }

        instruments.DeadLettered(Signal.Name, ids.Length);
        StreamLog.LostToTrimming(logger, ids.Length, Signal.Name);
        statistics.RecordError(Signal, ConsumerName, $"{ids.Length} entries trimmed before they were stored");
    }

    /// <summary>
    /// Resets the idle time of entries being retried, so a long store outage does not make other collectors claim
    /// them (which would be harmless, but doubles the work). Best effort: a failure here shows in the retry anyway.
    /// </summary>
    private async Task KeepOwnershipAsync(List<CollectedEntry<TBatch>> entries)
    {
        try
        {
            await redis.Database.StreamClaimIdsOnlyAsync(Signal.Stream, StreamSignal.Group, ConsumerName, 0, [.. entries.Select(e => e.Id)]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis is failing too; the next attempt reports it.
        }
    }

    /// <summary>Logs the first failure of an outage, counts the retry and waits the backoff; false when the node is stopping.</summary>
    private async Task<bool> WaitAfterFailureAsync(Exception failure, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            return false;
        }

        retries++;
        if (retries == 1)
        {
            outageStart = timeProvider.GetUtcNow();
            StreamLog.OutageStarted(logger, failure, Signal.Name);
            statistics.RecordError(Signal, ConsumerName, $"{failure.GetType().Name}: {failure.Message}");
        }

        instruments.Retried(Signal.Name);
        try
        {
            await Task.Delay(Backoff(retries), timeProvider, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Recovered()
    {
        if (retries > 0)
        {
            var duration = timeProvider.GetUtcNow() - outageStart;
            StreamLog.OutageEnded(logger, Signal.Name, retries, duration);
            retries = 0;
        }
    }

    /// <summary>Exponential from the initial delay up to the maximum, each wait a random half to whole of it.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var exponential = Options.RetryInitialDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = exponential < Options.RetryMaxDelay ? exponential : Options.RetryMaxDelay;
        return capped * (0.5 + (Random.Shared.NextDouble() * 0.5));
    }
}
