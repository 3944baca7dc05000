using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Tollgate.Identity.RateLimiting;

/// <summary>
/// A token bucket (refilled at a sustained rate, holding at most a burst) whose state lives in Redis, so every node's
/// limiter for the same partition draws from one bucket. Each <see cref="RateLimiter.AcquireAsync"/> is one script
/// call on Redis; a refused lease carries <see cref="MetadataName.RetryAfter"/>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="RateLimiter.AttemptAcquire"/> never blocks on Redis: it returns a failed lease without asking, and
/// ASP.NET Core's rate-limiting middleware, finding it not acquired, goes on to <see cref="RateLimiter.AcquireAsync"/>.
/// Only that call takes tokens, so each request is counted exactly once. Other synchronous-only callers are always refused.
/// </para>
/// <para>
/// Fails open: when Redis cannot be reached (not connected, a timeout, an error) the lease is granted, the request
/// counted on <see cref="RateLimitMetrics.FailOpen"/>, and the outage logged once. Limits protect capacity; an
/// outage of the limiter's store should not become an outage of the API. No queueing. Thread-safe.
/// </para>
/// </remarks>
internal sealed class RedisTokenBucketRateLimiter : RateLimiter
{
    private readonly RedisTokenBuckets buckets;
    private readonly RedisKey key;
    private readonly double permitsPerSecond;
    private readonly int burst;
    private long lastUsedTimestamp;
    private long tokensLeft;
    private long successful;
    private long failed;

    /// <summary>A limiter on the bucket at <paramref name="key"/>, refilled at <paramref name="permitsPerSecond"/> up to <paramref name="burst"/>.</summary>
    public RedisTokenBucketRateLimiter(RedisTokenBuckets buckets, RedisKey key, double permitsPerSecond, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(permitsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        this.buckets = buckets;
        this.key = key;
        this.permitsPerSecond = permitsPerSecond;
        this.burst = burst;
        tokensLeft = burst;
        lastUsedTimestamp = buckets.Time.GetTimestamp();
    }

    /// <summary>Time since the last acquire; lets the partitioned limiter drop this instance (not the bucket) when idle.</summary>
    public override TimeSpan? IdleDuration => buckets.Time.GetElapsedTime(Volatile.Read(ref lastUsedTimestamp));

    /// <summary>Counts of this instance only; available permits are as the last answer from Redis left them.</summary>
    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentAvailablePermits = Volatile.Read(ref tokensLeft),
        CurrentQueuedCount = 0,
        TotalSuccessfulLeases = Interlocked.Read(ref successful),
        TotalFailedLeases = Interlocked.Read(ref failed),
    };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        return BucketLease.NotChecked;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        Volatile.Write(ref lastUsedTimestamp, buckets.Time.GetTimestamp());
        var decision = await buckets.TakeAsync(key, permitsPerSecond, burst, permitCount, cancellationToken);
        if (decision is not { } answer)
        {
            buckets.CountFailOpen();
            Interlocked.Increment(ref successful);
            return BucketLease.Granted;
        }

        Volatile.Write(ref tokensLeft, answer.TokensLeft);
        if (answer.Allowed)
        {
            Interlocked.Increment(ref successful);
            return BucketLease.Granted;
        }

        Interlocked.Increment(ref failed);
        return BucketLease.Refused(answer.RetryAfter);
    }

    private void CheckPermitCount(int permitCount)
    {
        // The same contract as TokenBucketRateLimiter: a request for more than the bucket holds can never succeed.
        if (permitCount < 0 || permitCount > burst)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"Permits must be 0 to the bucket's size, {burst}.");
        }
    }
}
