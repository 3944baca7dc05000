using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tollgate.Redis;

namespace Tollgate.Identity.RateLimiting;

/// <summary>
/// The token buckets every node shares, kept in Redis under <c>{prefix}rl:{partition key}</c>: creates one
/// <see cref="RedisTokenBucketRateLimiter"/> per partition and runs the script that refills and takes tokens
/// atomically on the server. Singleton; thread-safe.
/// </summary>
internal sealed class RedisTokenBuckets
{
    /// <summary>
    /// Refills the bucket for the time elapsed on Redis's own clock (so nodes with skewed clocks agree), then takes
    /// the permits if there are enough. Tokens are fractional, so the refill is continuous rather than once a second.
    /// A refusal writes nothing. The hash expires once it would be full again, which is the same as not existing.
    /// Returns { allowed (0|1), retry after in microseconds, whole tokens left }.
    /// Numbers are written with string.format: Redis turns Lua numbers into strings with 14 significant digits,
    /// too few for a time in microseconds.
    /// </summary>
    private static readonly LuaScript Script = LuaScript.Prepare("""
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
        local rate = tonumber(@rate)
        local burst = tonumber(@burst)
        local permits = tonumber(@permits)
        local state = redis.call('HMGET', @key, 'tokens', 'at')
        local tokens = tonumber(state[1])
        local at = tonumber(state[2])
        if tokens == nil or at == nil then
          tokens = burst
          at = now
        elseif now > at then
          tokens = math.min(burst, tokens + (now - at) * rate / 1000000)
          at = now
        end
        local needed = math.max(permits, 1)
        if tokens < needed then
          return { 0, math.ceil((needed - tokens) * 1000000 / rate), math.floor(tokens) }
        end
        tokens = tokens - permits
        redis.call('HSET', @key, 'tokens', string.format('%.17g', tokens), 'at', string.format('%d', at))
        redis.call('PEXPIRE', @key, math.ceil((burst - tokens) * 1000 / rate) + 1000)
        return { 1, 0, math.floor(tokens) }
        """);

    private readonly RedisConnection connection;
    private readonly RedisOutageLog outage;
    private long failedOpen;

    public RedisTokenBuckets(RedisConnection connection, TimeProvider time, ILogger<RedisTokenBuckets> logger, IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        this.connection = connection;
        Time = time;
        outage = new RedisOutageLog(logger, "Rate limiting", "requests pass without limits (fail open)");
        meterFactory.Create(RateLimitMetrics.MeterName).CreateObservableCounter(
            RateLimitMetrics.FailOpen, () => Interlocked.Read(ref failedOpen), "{request}",
            "Requests let through unchecked because the shared rate-limit store could not be reached.");
    }

    /// <summary>The clock limiters measure their idle time with.</summary>
    public TimeProvider Time { get; }

    /// <summary>Requests let through unchecked since start because Redis could not be reached.</summary>
    public long FailedOpen => Interlocked.Read(ref failedOpen);

    /// <summary>A limiter for <paramref name="partitionKey"/>; all limiters of one key, on any node, share its bucket.</summary>
    public RedisTokenBucketRateLimiter CreateLimiter(string partitionKey, RateLimitQuota quota) =>
        new(this, connection.Key("rl:" + partitionKey), quota.PermitsPerSecond, quota.Burst);

    /// <summary>Takes <paramref name="permits"/> from the bucket at <paramref name="key"/>, or says when to retry; null when Redis could not be asked.</summary>
    public async ValueTask<BucketDecision?> TakeAsync(RedisKey key, double permitsPerSecond, int burst, int permits, CancellationToken cancellationToken)
    {
        try
        {
            // Checked first: while disconnected the client would queue the command for its whole timeout, holding
            // every request that long before failing open.
            var multiplexer = connection.Multiplexer;
            if (!multiplexer.IsConnected)
            {
                outage.Failed(null);
                return null;
            }

            // Not a LoadedLuaScript: LuaScript sends EVALSHA and falls back to EVAL by itself when Redis lost its script
            // cache (a restart or failover), where a loaded script would fail until reloaded.
            var result = await connection.Database
                .ScriptEvaluateAsync(Script, new { key, rate = permitsPerSecond, burst, permits })
                .WaitAsync(cancellationToken);
            outage.Succeeded();
            var values = (RedisResult[])result!;
            return new BucketDecision((long)values[0] == 1, TimeSpan.FromMicroseconds((long)values[1]), (long)values[2]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            outage.Failed(ex);
            return null;
        }
    }

    /// <summary>Counts a request let through because <see cref="TakeAsync"/> returned null.</summary>
    public void CountFailOpen() => Interlocked.Increment(ref failedOpen);
}
