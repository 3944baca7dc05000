namespace Tollgate.Identity.RateLimiting;

/// <summary>A token bucket: <see cref="PermitsPerSecond"/> sustained, bursts up to <see cref="Burst"/>.</summary>
public sealed class RateLimitQuota
{
    /// <summary>Requests per second refilled into the bucket.</summary>
    public int PermitsPerSecond { get; set; }

    /// <summary>The bucket's size: how many requests may arrive at once after a quiet period.</summary>
    public int Burst { get; set; }
}
