using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Tollgate.Identity.Signing;
using Tollgate.Identity.Tests.RateLimiting;

namespace Tollgate.Identity.Tests.Signing;

public sealed class RedisNonceStoreTests
{
    private const string Nonce = "0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Nonce_replayed_to_another_node_is_refused()
    {
        var prefix = RedisTestNodes.NewPrefix();
        await using var first = RedisTestNodes.Connect(prefix);
        await using var second = RedisTestNodes.Connect(prefix);
        var key = Guid.NewGuid();

        Assert.True(new RedisNonceStore(first, NullLogger<RedisNonceStore>.Instance).TryRecord(key, Nonce, Now));
        Assert.False(new RedisNonceStore(second, NullLogger<RedisNonceStore>.Instance).TryRecord(key, Nonce, Now));
    }

    [Fact]
    public async Task Keeps_nonces_of_different_keys_apart()
    {
        await using var connection = RedisTestNodes.Connect(RedisTestNodes.NewPrefix());
        var store = new RedisNonceStore(connection, NullLogger<RedisNonceStore>.Instance);

        Assert.True(store.TryRecord(Guid.NewGuid(), Nonce, Now));
        Assert.True(store.TryRecord(Guid.NewGuid(), Nonce, Now));
    }

    [Fact]
    public async Task Nonce_is_remembered_for_the_replay_window()
    {
        await using var connection = RedisTestNodes.Connect(RedisTestNodes.NewPrefix());
        var key = Guid.NewGuid();

        new RedisNonceStore(connection, NullLogger<RedisNonceStore>.Instance).TryRecord(key, Nonce, Now);
        var remaining = await connection.Database.KeyTimeToLiveAsync(connection.Key($"nonce:{key:N}:{Nonce}"));

        Assert.NotNull(remaining);
        Assert.InRange(remaining.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2 * RequestSignature.MaxClockSkewSeconds));
    }

    [Fact]
    public async Task Nonce_is_usable_again_once_it_expires()
    {
        await using var connection = RedisTestNodes.Connect(RedisTestNodes.NewPrefix());
        var store = new RedisNonceStore(connection, NullLogger<RedisNonceStore>.Instance, TimeSpan.FromMilliseconds(200));
        var key = Guid.NewGuid();
        Assert.True(store.TryRecord(key, Nonce, Now));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        bool accepted;
        do
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            accepted = store.TryRecord(key, Nonce, Now);
        }
        while (!accepted && DateTime.UtcNow < deadline);

        Assert.True(accepted);
    }

    [Fact]
    public async Task Fails_closed_when_redis_is_down()
    {
        await using var connection = RedisTestNodes.ConnectToNothing();
        var store = new RedisNonceStore(connection, NullLogger<RedisNonceStore>.Instance);

        Assert.ThrowsAny<RedisException>(() => store.TryRecord(Guid.NewGuid(), Nonce, Now));
    }
}
