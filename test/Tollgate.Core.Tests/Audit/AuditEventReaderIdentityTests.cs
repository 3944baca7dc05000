using Tollgate.Core.Audit;

namespace Tollgate.Core.Tests.Audit;

public sealed class AuditEventReaderIdentityTests
{
    private const string ClientId = "0192f0c1-7a3b-7def-8123-456789abcdef";

    [Fact]
    public void Server_ids_are_uuid_v7_stamped_with_the_receive_time()
    {
        var read = ReaderRun.Of(ReaderRun.Minimal).Valid();

        Assert.Equal(7, read.Id.Version);
        Assert.Equal(0b10, read.Id.Variant >> 2);
        var bytes = read.Id.ToByteArray(bigEndian: true);
        var milliseconds = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
        Assert.Equal(ReaderRun.Received.ToUnixTimeMilliseconds(), milliseconds);
    }

    [Fact]
    public void Server_ids_differ_for_events_received_at_the_same_time()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => ReaderRun.Of(ReaderRun.Minimal).Valid().Id).ToHashSet();

        Assert.Equal(100, ids.Count);
    }

    [Fact]
    public void Server_ids_are_written_into_the_document()
    {
        var run = ReaderRun.Of(ReaderRun.Minimal);

        Assert.Equal(run.Valid().Id.ToString("D"), run.Member(AuditFields.Id).GetString());
    }

    [Fact]
    public void Events_without_a_key_or_client_id_are_not_idempotent()
    {
        var read = ReaderRun.Of(ReaderRun.Minimal).Valid();

        Assert.Null(read.IdempotencyKey);
        Assert.True(read.RequestDigest.IsEmpty);
    }

    [Fact]
    public void A_client_id_becomes_the_event_id_and_the_idempotency_key()
    {
        var run = ReaderRun.Of(AuditEventReaderTests.WithMember(AuditFields.Id, $"\"{ClientId}\""));

        var read = run.Valid();
        Assert.Equal(Guid.Parse(ClientId), read.Id);
        Assert.Equal("id:" + ClientId, read.IdempotencyKey);
        Assert.Equal(32, read.RequestDigest.Length);
        Assert.Equal(ClientId, run.Member(AuditFields.Id).GetString());
    }

    [Fact]
    public void An_upper_case_client_id_is_written_in_lower_case()
    {
        var run = ReaderRun.Of(AuditEventReaderTests.WithMember(AuditFields.Id, $"\"{ClientId.ToUpperInvariant()}\""));

        Assert.Equal("id:" + ClientId, run.Valid().IdempotencyKey);
        Assert.Equal(ClientId, run.Member(AuditFields.Id).GetString());
    }

    [Theory]
    [InlineData("\"not-a-uuid\"")]
    [InlineData("\"00000000-0000-0000-0000-000000000000\"")]
    [InlineData("\"{0192f0c1-7a3b-7def-8123-456789abcdef}\"")]
    [InlineData("\"0192f0c17a3b7def8123456789abcdef\"")]
    [InlineData("\"\"")]
    [InlineData("42")]
    public void Refuses_a_client_id_that_is_not_a_uuid(string value)
    {
        var error = ReaderRun.Of(AuditEventReaderTests.WithMember(AuditFields.Id, value)).ErrorFor(AuditFields.Id);

        Assert.Contains("UUID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_idempotency_key_from_the_context_becomes_a_key_prefixed_key()
    {
        var read = ReaderRun.Of(ReaderRun.Minimal, idempotencyKey: "order-42/attempt").Valid();

        Assert.Equal("key:order-42/attempt", read.IdempotencyKey);
        Assert.Equal(32, read.RequestDigest.Length);
    }

    [Fact]
    public void The_context_key_wins_over_a_client_id()
    {
        var read = ReaderRun.Of(AuditEventReaderTests.WithMember(AuditFields.Id, $"\"{ClientId}\""), idempotencyKey: "k").Valid();

        Assert.Equal(Guid.Parse(ClientId), read.Id);
        Assert.Equal("key:k", read.IdempotencyKey);
    }

    [Fact]
    public void The_digest_ignores_member_order_and_whitespace()
    {
        var a = ReaderRun.Of("""{"user_id":"u","event_type":"t","src_service":"s","app_data":{"a":1,"b":[1,2]}}""", idempotencyKey: "k").Valid();
        var b = ReaderRun.Of("""
            { "app_data" : { "b" : [ 1, 2 ], "a" : 1 },
              "src_service" : "s", "event_type" : "t", "user_id" : "u" }
            """, idempotencyKey: "k").Valid();

        Assert.Equal(a.RequestDigest.ToArray(), b.RequestDigest.ToArray());
    }

    [Fact]
    public void The_digest_ignores_the_receive_time_so_retries_match()
    {
        var first = ReaderRun.Of(ReaderRun.Minimal, idempotencyKey: "k").Valid();
        var retry = ReaderRun.Of(ReaderRun.Minimal, idempotencyKey: "k", receivedAt: ReaderRun.Received.AddMinutes(5)).Valid();

        Assert.NotEqual(first.Id, retry.Id);
        Assert.False(first.Document.Span.SequenceEqual(retry.Document.Span));
        Assert.Equal(first.RequestDigest.ToArray(), retry.RequestDigest.ToArray());
    }

    [Theory]
    [InlineData("""{"user_id":"u2","event_type":"t","src_service":"s"}""")]
    [InlineData("""{"user_id":"u","event_type":"t","src_service":"s","app_data":{"a":1}}""")]
    [InlineData("""{"user_id":"u","event_type":"t","src_service":"s","n":1.0}""")]
    [InlineData("""{"user_id":"u","event_type":"t","src_service":"s","n":1}""")]
    [InlineData("""{"user_id":"u","event_type":"t","src_service":"s","timestamp":"2024-01-01T00:00:00Z"}""")]
    public void The_digest_differs_for_different_content(string other)
    {
        var baseline = ReaderRun.Of("""{"user_id":"u","event_type":"t","src_service":"s","n":10}""", idempotencyKey: "k").Valid();

        var read = ReaderRun.Of(other, idempotencyKey: "k").Valid();

        Assert.NotEqual(baseline.RequestDigest.ToArray(), read.RequestDigest.ToArray());
    }

    [Fact]
    public void The_digest_covers_the_amended_event()
    {
        var first = ReaderRun.Of(ReaderRun.Minimal, idempotencyKey: "k", amends: Guid.CreateVersion7()).Valid();
        var second = ReaderRun.Of(ReaderRun.Minimal, idempotencyKey: "k", amends: Guid.CreateVersion7()).Valid();
        var none = ReaderRun.Of(ReaderRun.Minimal, idempotencyKey: "k").Valid();

        Assert.NotEqual(first.RequestDigest.ToArray(), second.RequestDigest.ToArray());
        Assert.NotEqual(first.RequestDigest.ToArray(), none.RequestDigest.ToArray());
    }

    [Fact]
    public void An_amendment_references_its_original_in_the_document()
    {
        var original = Guid.CreateVersion7();

        var run = ReaderRun.Of(ReaderRun.Minimal, amends: original);

        Assert.Equal(original, run.Valid().Amends);
        Assert.Equal(original.ToString("D"), run.Member(AuditFields.Amends).GetString());
    }

    [Fact]
    public void The_tenant_comes_from_the_context()
    {
        var run = ReaderRun.Of(ReaderRun.Minimal);

        Assert.Equal(ReaderRun.Tenant, run.Valid().TenantId);
        Assert.Equal(ReaderRun.Tenant, run.Member(AuditFields.TenantId).GetString());
    }
}
