namespace Tollgate.Identity.RateLimiting;

/// <summary>
/// Chooses the <see cref="RateLimitStore"/>; bound from section <c>RateLimiting</c> next to
/// <see cref="RateLimitingOptions"/> and validated at start-up. Read once at start: changing it needs a restart.
/// </summary>
public sealed class RateLimitStoreOptions
{
    /// <summary>Where buckets and signing nonces live. Default <see cref="RateLimitStore.Memory"/>; scaled-out nodes set <see cref="RateLimitStore.Redis"/>.</summary>
    public RateLimitStore Store { get; set; } = RateLimitStore.Memory;
}
