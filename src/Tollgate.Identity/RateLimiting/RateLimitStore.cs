namespace Tollgate.Identity.RateLimiting;

/// <summary>Where rate-limit buckets (and signing nonces) live: setting <c>RateLimiting:Store</c>.</summary>
public enum RateLimitStore
{
    /// <summary>
    /// In this process (the default): each node limits on its own, so N nodes let N times the quota through, and a
    /// signed request replayed to another node is not recognised. Right for a single node.
    /// </summary>
    Memory,

    /// <summary>
    /// In Redis, shared by every node: one bucket per principal and policy across the deployment, and nonces that a
    /// replay to any node finds. Needs <c>AddTollgateRedis</c>. When Redis cannot be reached, rate limiting fails open
    /// (requests pass, counted on <see cref="RateLimitMetrics.FailOpen"/> and logged once per outage) and signed requests
    /// fail closed (503: a nonce that cannot be recorded cannot be protected from replay).
    /// </summary>
    Redis,
}
