using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tollgate.Identity.RateLimiting;
using Tollgate.Testing.Logging;

namespace Tollgate.Identity.Tests.RateLimiting;

public sealed class RedisTokenBucketRateLimiterTests
{
    /// <summary>One token per thousand seconds: no test runs long enough to see a refill it did not ask for.</summary>
    private const double NoRefill = 0.001;

    [Fact]
    public async Task Two_nodes_share_one_bucket()
    {
        const int burst = 5;
        var prefix = RedisTestNodes.NewPrefix();
        await using var first = RedisTestNodes.Connect(prefix);
        await using var second = RedisTestNodes.Connect(prefix);
        var key = first.Key("rl:ingest|acme|key|k1");
        var nodes = new[]
        {
            new RedisTokenBucketRateLimiter(RedisTestNodes.Buckets(first), key, NoRefill, burst),
            new RedisTokenBucketRateLimiter(RedisTestNodes.Buckets(second), key, NoRefill, burst),
        };
        var cancellation = TestContext.Current.CancellationToken;

        var granted = 0;
        for (var i = 0; i < burst; i++)
        {
            using var lease = await nodes[i % 2].AcquireAsync(1, cancellation);
            granted += lease.IsAcquired ? 1 : 0;
        }

        using var refusedOnFirst = await nodes[0].AcquireAsync(1, cancellation);
        using var refusedOnSecond = await nodes[1].AcquireAsync(1, cancellation);

        Assert.Equal(burst, granted);
        Assert.False(refusedOnFirst.IsAcquired);
        Assert.False(refusedOnSecond.IsAcquired);
        Assert.True(refusedOnSecond.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.True(retryAfter > TimeSpan.Zero);
    }

    [Fact]
    public async Task Bucket_refills_over_time()
    {
        await using var connection = RedisTestNodes.Connect(RedisTestNodes.NewPrefix());
        var limiter = RedisTestNodes.Buckets(connection).CreateLimiter("query|acme|user|u1", new RateLimitQuota { PermitsPerSecond = 5, Burst = 5 });
        var cancellation = TestContext.Current.CancellationToken;
        await DrainAsync(limiter, cancellation);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        bool refilled;
        do
        {
            await Task.Delay(50, cancellation);
            using var lease = await limiter.AcquireAsync(1, cancellation);
            refilled = lease.IsAcquired;
        }
        while (!refilled && DateTime.UtcNow < deadline);

        Assert.True(refilled);
    }

    [Fact]
    public async Task Principals_and_tenants_have_buckets_of_their_own()
    {
        await using var connection = RedisTestNodes.Connect(RedisTestNodes.NewPrefix());
        var buckets = RedisTestNodes.Buckets(connection);
        var options = new RateLimitingOptions();
        options.Policies[RateLimitPolicies.Admin] = new RateLimitQuota { PermitsPerSecond = 1, Burst = 2 };
        var cancellation = TestContext.Current.CancellationToken;
        var exhausted = Limiter(buckets, options, "acme", "key-1");
        await DrainAsync(exhausted, cancellation);

        using var otherPrincipal = await Limiter(buckets, options, "acme", "key-2").AcquireAsync(1, cancellation);
        using var otherTenant = await Limiter(buckets, options, "globex", "key-1").AcquireAsync(1, cancellation);

        Assert.True(otherPrincipal.IsAcquired);
        Assert.True(otherTenant.IsAcquired);
    }

    [Fact]
    public async Task Synchronous_attempt_takes_nothing_so_a_request_is_counted_once()
    {
        await using var connection = RedisTestNodes.Connect(RedisTestNodes.NewPrefix());
        var limiter = new RedisTokenBucketRateLimiter(RedisTestNodes.Buckets(connection), connection.Key("rl:one"), NoRefill, 1);
        var cancellation = TestContext.Current.CancellationToken;

        using var attempt = limiter.AttemptAcquire(1);
        using var acquired = await limiter.AcquireAsync(1, cancellation);
        using var refused = await limiter.AcquireAsync(1, cancellation);

        Assert.False(attempt.IsAcquired);
        Assert.Empty(attempt.MetadataNames);
        Assert.True(acquired.IsAcquired);
        Assert.False(refused.IsAcquired);
    }

    [Fact]
    public async Task Requests_pass_when_redis_is_down_and_the_outage_is_logged_once()
    {
        await using var connection = RedisTestNodes.ConnectToNothing();
        var logger = new ListLogger<RedisTokenBuckets>();
        var buckets = RedisTestNodes.Buckets(connection, logger);
        var limiter = new RedisTokenBucketRateLimiter(buckets, connection.Key("rl:down"), NoRefill, 1);
        var cancellation = TestContext.Current.CancellationToken;

        using var first = await limiter.AcquireAsync(1, cancellation);
        using var second = await limiter.AcquireAsync(1, cancellation);

        Assert.True(first.IsAcquired);
        Assert.True(second.IsAcquired);
        Assert.Equal(2, buckets.FailedOpen);
        Assert.Single(logger.Entries, entry => entry.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Rejects_more_permits_than_the_bucket_holds()
    {
        await using var connection = RedisTestNodes.Connect(RedisTestNodes.NewPrefix());
        var limiter = new RedisTokenBucketRateLimiter(RedisTestNodes.Buckets(connection), connection.Key("rl:small"), NoRefill, 2);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await limiter.AcquireAsync(3, TestContext.Current.CancellationToken));
    }

    private static RateLimiter Limiter(RedisTokenBuckets buckets, RateLimitingOptions options, string tenant, string subject)
    {
        var context = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(TollgateClaims.Tenant, tenant), new Claim(TollgateClaims.Kind, "api_key"), new Claim(TollgateClaims.Subject, subject)],
                authenticationType: "test")),
        };
        var partition = RateLimitPartitions.For(RateLimitPolicies.Admin, context, options, buckets);
        return partition.Factory(partition.PartitionKey);
    }

    /// <summary>Acquires until refused, which a bucket of at most 100 tokens must do well before 1,000 tries.</summary>
    private static async Task DrainAsync(RateLimiter limiter, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 1_000; i++)
        {
            using var lease = await limiter.AcquireAsync(1, cancellationToken);
            if (!lease.IsAcquired)
            {
                return;
            }
        }

        Assert.Fail("The bucket never refused.");
    }
}
