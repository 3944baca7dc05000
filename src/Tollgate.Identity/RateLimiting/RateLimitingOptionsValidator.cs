using Microsoft.Extensions.Options;

namespace Tollgate.Identity.RateLimiting;

/// <summary>Refuses to start with a quota that cannot work, naming the setting to fix.</summary>
internal sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        var failures = new List<string>();
        foreach (var policy in RateLimitPolicies.All)
        {
            if (!options.Policies.ContainsKey(policy))
            {
                failures.Add($"RateLimiting:Policies:{policy} is missing.");
            }
        }

        foreach (var (policy, quota) in options.Policies)
        {
            Check($"RateLimiting:Policies:{policy}", policy, quota, failures);
        }

        foreach (var (tenant, policies) in options.Tenants)
        {
            foreach (var (policy, quota) in policies)
            {
                Check($"RateLimiting:Tenants:{tenant}:{policy}", policy, quota, failures);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string key, string policy, RateLimitQuota quota, List<string> failures)
    {
        if (!RateLimitPolicies.All.Contains(policy, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{key}: unknown policy; the policies are {string.Join(", ", RateLimitPolicies.All)}.");
        }

        if (quota.PermitsPerSecond is < 1 or > 1_000_000)
        {
            failures.Add($"{key}:PermitsPerSecond must be between 1 and 1000000.");
        }

        if (quota.Burst < quota.PermitsPerSecond || quota.Burst > 10_000_000)
        {
            failures.Add($"{key}:Burst must be at least PermitsPerSecond and at most 10000000.");
        }
    }
}
