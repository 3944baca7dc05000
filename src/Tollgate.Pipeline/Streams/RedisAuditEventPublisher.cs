using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Audit;
using Tollgate.Pipeline.Transport;
using Tollgate.Redis;

namespace Tollgate.Pipeline.Streams;

/// <summary>
/// The scaled-out transport for audit events: one tenant's batch becomes one entry of <c>{prefix}stream:audit</c>,
/// chained later by a collector (<see cref="IsDeferred"/>; results carry sequence 0).
/// </summary>
/// <remarks>
/// <para>
/// Idempotency keys are settled here, atomically, by one Lua script per batch that checks every key
/// (<c>{prefix}audit:idem:{tenant}:{key}</c>, holding the event id and request digest), and only when none was seen
/// sets them all (<c>PX</c> = <see cref="RedisStreamOptions.IdempotencyWindow"/>) and adds the entry, in the same
/// script. So a key is never remembered for an entry that was not added. A key seen with the same digest comes back
/// as <see cref="AuditAppendResult.Replayed"/> with the original id and is left out of the entry (the script runs again
/// without it); a key seen with another digest throws <see cref="IdempotencyConflictException"/> and nothing of the
/// batch is published. Two events of one batch sharing a key behave as the store would: the second is a replay of
/// the first, or a conflict. Keys older than the window are deduplicated again by the store.
/// </para>
/// <para>A Redis failure throws (the API answers 503); a batch acknowledged to its caller is in the stream. Thread-safe.</para>
/// </remarks>
internal sealed class RedisAuditEventPublisher : IAuditEventPublisher
{
    private const int Conflict = 0;
    private const int Replays = 1;
    private const int Added = 2;

    // KEYS[1] the stream, KEYS[2..] the idempotency keys in batch order; ARGV[1] MAXLEN, ARGV[2] the window in ms,
    // ARGV[3] the payload version, ARGV[4] the payload, ARGV[5..] one value (event id ‖ digest) per key.
    private static readonly string Script = $$"""
        local replays = { {{Replays}} }
        for i = 2, #KEYS do
          local seen = redis.call('GET', KEYS[i])
          if seen then
            if string.sub(seen, 17) ~= string.sub(ARGV[i + 3], 17) then
              return { {{Conflict}}, i - 1 }
            end
            replays[#replays + 1] = i - 1
            replays[#replays + 1] = seen
          end
        end
        if #replays > 1 then
          return replays
        end
        for i = 2, #KEYS do
          redis.call('SET', KEYS[i], ARGV[i + 3], 'PX', ARGV[2], 'NX')
        end
        return { {{Added}}, redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', '{{StreamSignal.VersionField}}', ARGV[3], '{{StreamSignal.PayloadField}}', ARGV[4]) }
        """;

    private readonly RedisConnection redis;
    private readonly StreamInstruments instruments;
    private readonly StreamSignal signal;
    private readonly long maxLength;
    private readonly long windowMilliseconds;
    private readonly StreamAddOptions addOptions;

    public RedisAuditEventPublisher(RedisConnection redis, IOptions<RedisStreamOptions> options, StreamInstruments instruments)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.redis = redis;
        this.instruments = instruments;
        signal = new StreamSignal(StreamSignal.Audit, redis);
        maxLength = options.Value.MaxLength;
        windowMilliseconds = (long)options.Value.IdempotencyWindow.TotalMilliseconds;
        addOptions = new StreamAddOptions { MaxLength = maxLength, Approximate = true };
    }

    public bool IsDeferred => true;

    public async Task<IReadOnlyList<AuditAppendResult>> PublishAsync(string tenantId, IReadOnlyList<NewAuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        var results = new AuditAppendResult[events.Count];
        var toPublish = new List<int>(events.Count);
        var repeats = new List<(int Index, int First)>();
        var firstByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].IdempotencyKey is not { } key)
            {
                toPublish.Add(i);
            }
            else if (firstByKey.TryGetValue(key, out var first))
            {
                if (!events[first].RequestDigest.Span.SequenceEqual(events[i].RequestDigest.Span))
                {
                    throw new IdempotencyConflictException(i, key);
                }

                repeats.Add((i, first));
            }
            else
            {
                firstByKey.Add(key, i);
                toPublish.Add(i);
            }
        }

        // Each round either publishes what is left or takes at least one replay out of it, so this ends.
        while (toPublish.Count > 0)
        {
            var batch = toPublish.Count == events.Count ? events : [.. toPublish.Select(i => events[i])];
            var payload = AuditBatchCodec.Encode(tenantId, batch);
            var keyed = toPublish.Where(i => events[i].IdempotencyKey is not null).ToList();
            if (keyed.Count == 0)
            {
                await redis.Database.StreamAddAsync(signal.Stream, [new(StreamSignal.VersionField, AuditBatchCodec.Version), new(StreamSignal.PayloadField, payload)], addOptions);
                Published(events, toPublish, results);
                break;
            }

            var reply = (RedisResult[])(await EvaluateAsync(tenantId, events, keyed, payload))!;
            switch ((int)reply[0])
            {
                case Conflict:
                    var index = keyed[(int)reply[1] - 1];
                    throw new IdempotencyConflictException(index, events[index].IdempotencyKey!);
                case Replays:
                    for (var j = 1; j < reply.Length; j += 2)
                    {
                        var replayed = keyed[(int)reply[j] - 1];
                        results[replayed] = new AuditAppendResult(OriginalId((byte[])reply[j + 1]!), 0, Replayed: true);
                        toPublish.Remove(replayed);
                    }

                    break;
                default:
                    Published(events, toPublish, results);
                    toPublish.Clear();
                    break;
            }
        }

        foreach (var (index, first) in repeats)
        {
            results[index] = results[first] with { Replayed = true };
        }

        return results;
    }

    private static Guid OriginalId(byte[] seen) =>
        seen.Length >= 16
            ? new Guid(seen.AsSpan(0, 16), bigEndian: true)
            : throw new InvalidOperationException("An audit idempotency key in Redis holds a malformed value.");

    private Task<RedisResult> EvaluateAsync(string tenantId, IReadOnlyList<NewAuditEvent> events, List<int> keyed, byte[] payload)
    {
        var keys = new RedisKey[keyed.Count + 1];
        var values = new RedisValue[keyed.Count + 4];
        keys[0] = signal.Stream;
        values[0] = maxLength;
        values[1] = windowMilliseconds;
        values[2] = AuditBatchCodec.Version;
        values[3] = payload;
        for (var k = 0; k < keyed.Count; k++)
        {
            var e = events[keyed[k]];
            keys[k + 1] = redis.Key($"audit:idem:{tenantId}:{e.IdempotencyKey}");
            var seen = new byte[16 + e.RequestDigest.Length];
            e.Id.TryWriteBytes(seen, bigEndian: true, out _);
            e.RequestDigest.Span.CopyTo(seen.AsSpan(16));
            values[k + 4] = seen;
        }

        return redis.Database.ScriptEvaluateAsync(Script, keys, values);
    }

    private void Published(IReadOnlyList<NewAuditEvent> events, List<int> published, AuditAppendResult[] results)
    {
        foreach (var index in published)
        {
            results[index] = new AuditAppendResult(events[index].Id, 0, Replayed: false);
        }

        instruments.Published(signal.Name, published.Count);
    }
}
