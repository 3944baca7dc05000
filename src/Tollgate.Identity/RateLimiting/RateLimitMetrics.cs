namespace Tollgate.Identity.RateLimiting;

/// <summary>The names of the rate limiter's <see cref="System.Diagnostics.Metrics"/> instruments, for exporters and dashboards.</summary>
public static class RateLimitMetrics
{
    /// <summary>The meter the rate-limit instruments belong to.</summary>
    public const string MeterName = "Tollgate.Identity";

    /// <summary>
    /// Counter: requests let through unchecked because the shared (Redis) bucket could not be reached. Cumulative
    /// since start; unit <c>{request}</c>. Anything above zero means limits were not enforced for a while.
    /// </summary>
    public const string FailOpen = "tollgate.rate_limit.fail_open";
}
