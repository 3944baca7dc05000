using StackExchange.Redis;
using Tollgate.Redis;

namespace Tollgate.Pipeline.Streams;

/// <summary>
/// Reads the state of the request and audit streams from Redis (length, lag, pending entries, consumers, dead
/// letters, last collector error), so any node's status API shows the whole deployment, not only its own
/// collectors. Registered when <c>Pipeline:Transport</c> is <c>Redis</c>. Thread-safe.
/// </summary>
public sealed class StreamStatistics
{
    private const string LastErrorField = "last_error";
    private const string LastErrorAtField = "last_error_at";
    private const string ConsumerField = "consumer";

    private readonly RedisConnection redis;
    private readonly TimeProvider timeProvider;

    /// <summary>Creates the reader over the shared connection.</summary>
    public StreamStatistics(RedisConnection redis, TimeProvider timeProvider)
    {
        this.redis = redis;
        this.timeProvider = timeProvider;
    }

    /// <summary>The state of every stream, requests first. Throws when Redis cannot be reached.</summary>
    public async Task<IReadOnlyList<StreamStatus>> GetAsync(CancellationToken cancellationToken)
    {
        var statuses = new List<StreamStatus>(StreamSignal.All.Count);
        foreach (var name in StreamSignal.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            statuses.Add(await GetAsync(new StreamSignal(name, redis)));
        }

        return statuses;
    }

    /// <summary>Remembers a collector's failure in Redis for every node's status API; best effort, so it never fails the collector.</summary>
    internal void RecordError(StreamSignal signal, string consumer, string error)
    {
        try
        {
            redis.Database.HashSet(
                signal.Status,
                [
                    new(LastErrorField, error),
                    new(LastErrorAtField, timeProvider.GetUtcNow().ToUnixTimeMilliseconds()),
                    new(ConsumerField, consumer),
                ],
                CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Redis is what failed; the collector's log has the error.
        }
    }

    private static bool IsMissing(RedisServerException exception) =>
        exception.Message.StartsWith("NOGROUP", StringComparison.Ordinal)
        || exception.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase);

    private async Task<StreamStatus> GetAsync(StreamSignal signal)
    {
        var database = redis.Database;
        var length = database.StreamLengthAsync(signal.Stream);
        var deadLetters = database.StreamLengthAsync(signal.DeadLetters);
        var status = database.HashGetAllAsync(signal.Status);
        StreamGroupInfo? group = null;
        StreamConsumerInfo[] consumers = [];
        long pending = 0;
        try
        {
            group = (await database.StreamGroupInfoAsync(signal.Stream)).FirstOrDefault(g => g.Name == StreamSignal.Group);
            if (group is not null)
            {
                pending = (await database.StreamPendingAsync(signal.Stream, StreamSignal.Group)).PendingMessageCount;
                consumers = await database.StreamConsumerInfoAsync(signal.Stream, StreamSignal.Group);
            }
        }
        catch (RedisServerException ex) when (IsMissing(ex))
        {
            // No stream or no group yet: nothing was published or collected.
        }

        var fields = (await status).ToDictionary(e => (string)e.Name!, e => e.Value, StringComparer.Ordinal);
        return new StreamStatus(
            signal.Name,
            await length,
            group?.Lag,
            pending,
            await deadLetters,
            [.. consumers.Select(c => new StreamConsumerStatus(c.Name, c.PendingMessageCount, TimeSpan.FromMilliseconds(c.IdleTimeInMilliseconds)))],
            fields.TryGetValue(LastErrorField, out var error) ? (string?)error : null,
            fields.TryGetValue(LastErrorAtField, out var at) && at.TryParse(out long milliseconds) ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null);
    }
}
