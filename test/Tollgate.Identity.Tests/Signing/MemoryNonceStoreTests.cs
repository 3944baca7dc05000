using Microsoft.Extensions.Time.Testing;
using Tollgate.Identity.Signing;

namespace Tollgate.Identity.Tests.Signing;

public sealed class MemoryNonceStoreTests
{
    private const string Nonce = "0123456789abcdef";
    private static readonly Guid Key = Guid.NewGuid();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Accepts_a_nonce_seen_for_the_first_time()
    {
        var store = new MemoryNonceStore();

        Assert.True(store.TryRecord(Key, Nonce, time.GetUtcNow()));
    }

    [Fact]
    public void Rejects_reused_nonce_within_window()
    {
        var store = new MemoryNonceStore();
        store.TryRecord(Key, Nonce, time.GetUtcNow());

        Assert.False(store.TryRecord(Key, Nonce, time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(599));
        Assert.False(store.TryRecord(Key, Nonce, time.GetUtcNow()));
    }

    [Fact]
    public void Accepts_a_nonce_again_once_the_window_has_passed()
    {
        var store = new MemoryNonceStore();
        store.TryRecord(Key, Nonce, time.GetUtcNow());

        time.Advance(TimeSpan.FromSeconds(600));

        Assert.True(store.TryRecord(Key, Nonce, time.GetUtcNow()));
        Assert.False(store.TryRecord(Key, Nonce, time.GetUtcNow()));
    }

    [Fact]
    public void Keeps_nonces_of_different_keys_apart()
    {
        var store = new MemoryNonceStore();
        store.TryRecord(Key, Nonce, time.GetUtcNow());

        Assert.True(store.TryRecord(Guid.NewGuid(), Nonce, time.GetUtcNow()));
    }

    [Fact]
    public void Nonces_are_case_sensitive()
    {
        var store = new MemoryNonceStore();
        store.TryRecord(Key, "abcdefghijklmnop", time.GetUtcNow());

        Assert.True(store.TryRecord(Key, "ABCDEFGHIJKLMNOP", time.GetUtcNow()));
    }

    [Fact]
    public void Refuses_new_nonces_when_full_of_live_ones()
    {
        var store = new MemoryNonceStore(capacity: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(store.TryRecord(Key, Nonce + i, time.GetUtcNow()));
        }

        Assert.False(store.TryRecord(Key, Nonce + "x", time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(store.TryRecord(Key, Nonce + "x", time.GetUtcNow()));
        Assert.False(store.TryRecord(Key, Nonce + "0", time.GetUtcNow()));
    }

    [Fact]
    public void Makes_room_by_dropping_expired_nonces()
    {
        var store = new MemoryNonceStore(capacity: 3);
        store.TryRecord(Key, Nonce + "0", time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(10));
        store.TryRecord(Key, Nonce + "1", time.GetUtcNow());
        store.TryRecord(Key, Nonce + "2", time.GetUtcNow());

        time.Advance(TimeSpan.FromSeconds(595));

        Assert.True(store.TryRecord(Key, Nonce + "3", time.GetUtcNow()));
        Assert.False(store.TryRecord(Key, Nonce + "4", time.GetUtcNow()));
        Assert.False(store.TryRecord(Key, Nonce + "1", time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(store.TryRecord(Key, Nonce + "4", time.GetUtcNow()));
    }

    [Fact]
    public void Accepts_each_nonce_exactly_once_under_concurrency()
    {
        var store = new MemoryNonceStore();
        var now = time.GetUtcNow();
        var accepted = 0;

        Parallel.For(0, 80_000, i =>
        {
            if (store.TryRecord(Key, Nonce + (i % 20_000), now))
            {
                Interlocked.Increment(ref accepted);
            }
        });

        Assert.Equal(20_000, accepted);
    }

    [Fact]
    public void Never_holds_more_than_its_capacity_under_concurrency()
    {
        var store = new MemoryNonceStore(capacity: 1000);
        var now = time.GetUtcNow();
        var accepted = 0;

        Parallel.For(0, 20_000, i =>
        {
            if (store.TryRecord(Key, Nonce + i, now))
            {
                Interlocked.Increment(ref accepted);
            }
        });

        Assert.Equal(1000, accepted);
    }
}
