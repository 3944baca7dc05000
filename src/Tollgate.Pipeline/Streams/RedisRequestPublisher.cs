using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Requests;
using Tollgate.Pipeline.Transport;
using Tollgate.Redis;

namespace Tollgate.Pipeline.Streams;

/// <summary>
/// The scaled-out transport for requests: a batch becomes one entry of <c>{prefix}stream:requests</c>
/// (<c>XADD … MAXLEN ~</c>), durable once Redis answers (Redis runs with AOF). A Redis failure throws; nothing is
/// retried here, so the caller decides (the capture writer retries, the ingest API answers 503). Thread-safe.
/// </summary>
internal sealed class RedisRequestPublisher : IRequestPublisher
{
    private readonly RedisConnection redis;
    private readonly StreamInstruments instruments;
    private readonly StreamSignal signal;
    private readonly StreamAddOptions addOptions;

    public RedisRequestPublisher(RedisConnection redis, IOptions<RedisStreamOptions> options, StreamInstruments instruments)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.redis = redis;
        this.instruments = instruments;
        signal = new StreamSignal(StreamSignal.Requests, redis);
        addOptions = new StreamAddOptions { MaxLength = options.Value.MaxLength, Approximate = true };
    }

    public bool IsDeferred => true;

    public async Task PublishAsync(IReadOnlyList<RequestRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();
        if (records.Count == 0)
        {
            return;
        }

        NameValueEntry[] fields =
        [
            new(StreamSignal.VersionField, RequestBatchCodec.Version),
            new(StreamSignal.PayloadField, RequestBatchCodec.Encode(records)),
        ];

        // Not abandoned on cancellation: once sent, the entry may be added anyway, and the caller must not think otherwise.
        await redis.Database.StreamAddAsync(signal.Stream, fields, addOptions);
        instruments.Published(signal.Name, records.Count);
    }
}
