using Tollgate.Core.Audit;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Testing;

/// <summary>The shared helper other suites build their events with must itself be right.</summary>
public sealed class AuditEventFactoryTests
{
    [Fact]
    public void Hands_out_strictly_increasing_receive_times_from_the_start()
    {
        var factory = new AuditEventFactory();

        var events = factory.Many("t", 3);

        Assert.Equal(
            Enumerable.Range(0, 3).Select(ms => AuditEventFactory.DefaultStart.AddMilliseconds(ms)),
            events.Select(e => e.ReceivedAt));
        Assert.Equal(AuditEventFactory.DefaultStart.AddMilliseconds(3), factory.PeekReceivedAt());
    }

    [Fact]
    public void Builds_valid_events_with_defaults_and_overrides()
    {
        var read = new AuditEventFactory().Event("tenant-x").WithUser("bob").WithTarget("doc-1").At(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)).Build();

        Assert.Equal("tenant-x", read.TenantId);
        Assert.Equal("bob", read.UserId);
        Assert.Equal("user.login", read.EventType);
        Assert.Equal("auth-service", read.SrcService);
        Assert.Equal("doc-1", read.Target);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), read.Timestamp);
    }

    [Fact]
    public void Building_twice_is_a_retry_of_the_same_request()
    {
        var builder = new AuditEventFactory().Event().WithIdempotencyKey("k");

        var first = builder.Build();
        var retry = builder.Build();

        Assert.NotEqual(first.Id, retry.Id);
        Assert.Equal("key:k", retry.IdempotencyKey);
        Assert.Equal(first.RequestDigest.ToArray(), retry.RequestDigest.ToArray());
    }

    [Fact]
    public void An_invalid_body_throws_with_every_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new AuditEventFactory().Event().Without(AuditFields.UserId).WithField(AuditFields.Hash, "x").Build());

        Assert.Contains(AuditFields.UserId, error.Message, StringComparison.Ordinal);
        Assert.Contains(AuditFields.Hash, error.Message, StringComparison.Ordinal);
    }
}
