namespace Tollgate.Identity.RateLimiting;

/// <summary>
/// The named rate-limit policies endpoints opt into. The names are the contract: the scaled-out mode swaps the
/// in-process limiter for a shared one behind the same names, and configuration sets quotas by name.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>Writes: audit events, logs, requests.</summary>
    public const string Ingest = "ingest";

    /// <summary>Reads: search, export, stats, verify.</summary>
    public const string Query = "query";

    /// <summary>Management: tenants, users, keys, retention.</summary>
    public const string Admin = "admin";

    /// <summary>Login, refresh and registration, partitioned by client address.</summary>
    public const string Auth = "auth";

    /// <summary>Every policy name.</summary>
    public static IReadOnlyList<string> All { get; } = [Ingest, Query, Admin, Auth];
}
