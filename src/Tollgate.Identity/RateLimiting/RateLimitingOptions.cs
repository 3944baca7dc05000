namespace Tollgate.Identity.RateLimiting;

/// <summary>
/// Settings of section <c>RateLimiting</c>. Each policy limits each principal (API key, user, service) separately,
/// and anonymous calls per client address; <see cref="Tenants"/> gives a tenant other quotas than the defaults.
/// </summary>
public sealed class RateLimitingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "RateLimiting";

    /// <summary>False turns every limit off (a gateway in front may already limit).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Default quota per policy name (see <see cref="RateLimitPolicies"/>).</summary>
    public Dictionary<string, RateLimitQuota> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [RateLimitPolicies.Ingest] = new() { PermitsPerSecond = 2000, Burst = 4000 },
        [RateLimitPolicies.Query] = new() { PermitsPerSecond = 200, Burst = 400 },
        [RateLimitPolicies.Admin] = new() { PermitsPerSecond = 20, Burst = 50 },
        [RateLimitPolicies.Auth] = new() { PermitsPerSecond = 5, Burst = 20 },
    };

    /// <summary>Per-tenant quotas by tenant id, then policy name; a policy not listed uses <see cref="Policies"/>.</summary>
    public Dictionary<string, Dictionary<string, RateLimitQuota>> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The quota of <paramref name="policy"/> for <paramref name="tenantId"/>.</summary>
    public RateLimitQuota QuotaFor(string policy, string? tenantId)
    {
        // Configuration keys are case-insensitive, so policy names in overrides are matched the same way.
        if (tenantId is not null && Tenants.TryGetValue(tenantId, out var overrides))
        {
            foreach (var (name, quota) in overrides)
            {
                if (string.Equals(name, policy, StringComparison.OrdinalIgnoreCase))
                {
                    return quota;
                }
            }
        }

        return Policies[policy];
    }
}
