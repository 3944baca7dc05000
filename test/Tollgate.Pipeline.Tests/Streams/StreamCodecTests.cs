using Tollgate.Core.Audit;
using Tollgate.Core.Requests;
using Tollgate.Pipeline.Streams;
using Tollgate.Testing;

namespace Tollgate.Pipeline.Tests.Streams;

public sealed class StreamCodecTests
{
    [Fact]
    public void A_request_batch_with_every_field_and_detail_round_trips_byte_for_byte()
    {
        var factory = new RequestRecordFactory();
        RequestRecord[] records =
        [
            factory.Full("tenant-a") with { HasDetail = true, UpstreamDurationMicroseconds = null, Status = -1, DurationMicroseconds = long.MaxValue },
            factory.Minimal("tenant-b"),
            factory.Next("tenant-a") with { Detail = new RequestDetail([], [], null, new CapturedBody(null, string.Empty, Truncated: false)), RequestBytes = long.MinValue },
        ];

        var payload = RequestBatchCodec.Encode(records);
        var decoded = RequestBatchCodec.Decode(payload);

        Assert.Equal(records.Length, decoded.Length);
        for (var i = 0; i < records.Length; i++)
        {
            Assert.Equal(records[i] with { Detail = null }, decoded[i] with { Detail = null });
            Assert.Equal(records[i].Detail is null, decoded[i].Detail is null);
            if (records[i].Detail is { } detail)
            {
                Assert.Equal(detail.RequestHeaders, decoded[i].Detail!.RequestHeaders);
                Assert.Equal(detail.ResponseHeaders, decoded[i].Detail!.ResponseHeaders);
                Assert.Equal(detail.RequestBody, decoded[i].Detail!.RequestBody);
                Assert.Equal(detail.ResponseBody, decoded[i].Detail!.ResponseBody);
            }
        }

        Assert.Equal(payload, RequestBatchCodec.Encode(decoded));
    }

    [Fact]
    public void A_new_audit_event_batch_round_trips_byte_for_byte()
    {
        var factory = new AuditEventFactory();
        var original = factory.Event("tenant-a").Build();
        NewAuditEvent[] events =
        [
            original,
            factory.Event("tenant-a")
                .WithTarget("order/42").WithMessage("Zoë changed ☕ → 🚀").WithRequestId("req-1").WithTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
                .WithIdempotencyKey("key-1").Amending(original.Id).Build(),
        ];

        var payload = AuditBatchCodec.Encode("tenant-a", events);
        var decoded = AuditBatchCodec.Decode(payload);

        Assert.Equal("tenant-a", decoded.TenantId);
        Assert.Equal(events.Length, decoded.Events.Count);
        for (var i = 0; i < events.Length; i++)
        {
            var e = decoded.Events[i];
            Assert.Equal(events[i].Document.ToArray(), e.Document.ToArray());
            Assert.Equal(events[i].RequestDigest.ToArray(), e.RequestDigest.ToArray());
            Assert.Equal(events[i], e with { Document = events[i].Document, RequestDigest = events[i].RequestDigest });
        }

        Assert.NotNull(decoded.Events[1].Amends);
        Assert.Equal(payload, AuditBatchCodec.Encode(decoded.TenantId, decoded.Events));
    }

    [Fact]
    public void Every_truncation_of_a_payload_is_refused_as_a_format_error()
    {
        var factory = new AuditEventFactory();
        var audit = AuditBatchCodec.Encode("tenant-a", [factory.Event("tenant-a").WithIdempotencyKey("k").Build()]);
        var requests = RequestBatchCodec.Encode([new RequestRecordFactory().Full()]);

        for (var length = 0; length < audit.Length; length++)
        {
            Assert.Throws<FormatException>(() => AuditBatchCodec.Decode(audit.AsMemory(0, length)));
        }

        for (var length = 0; length < requests.Length; length++)
        {
            Assert.Throws<FormatException>(() => RequestBatchCodec.Decode(requests.AsMemory(0, length)));
        }

        Assert.Throws<FormatException>(() => AuditBatchCodec.Decode(audit.Append((byte)0).ToArray()));
        Assert.Throws<FormatException>(() => RequestBatchCodec.Decode(requests.Append((byte)0).ToArray()));
    }

    [Fact]
    public void Random_bytes_are_refused_as_a_format_error_and_nothing_else()
    {
        var random = new Random(20250301);
        for (var i = 0; i < 2_000; i++)
        {
            var garbage = new byte[random.Next(0, 200)];
            random.NextBytes(garbage);

            // Decoding may, rarely, succeed on random bytes; what it must never do is fail in any other way.
            var audit = Record.Exception(() => AuditBatchCodec.Decode(garbage));
            var requests = Record.Exception(() => RequestBatchCodec.Decode(garbage));

            Assert.True(audit is null or FormatException, audit?.ToString());
            Assert.True(requests is null or FormatException, requests?.ToString());
        }
    }
}
