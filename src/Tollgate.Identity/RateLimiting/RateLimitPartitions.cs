using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Identity.RateLimiting;

/// <summary>
/// Chooses the bucket of a request: one per policy and principal (tenant + subject), or per client address for
/// anonymous calls, sized by the tenant's quota; in this process, or shared through Redis (<see cref="RateLimitStore"/>).
/// </summary>
internal static class RateLimitPartitions
{
    public static RateLimitPartition<string> For(string policy, HttpContext context, RateLimitingOptions options, RedisTokenBuckets? shared)
    {
        if (!options.Enabled)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var user = context.User;
        string key;
        string? tenant = null;
        if (user.Identity?.IsAuthenticated == true)
        {
            tenant = user.FindFirst(TollgateClaims.Tenant)?.Value;
            key = $"{policy}|{tenant}|{user.FindFirst(TollgateClaims.Kind)?.Value}|{user.FindFirst(TollgateClaims.Subject)?.Value}";
        }
        else
        {
            key = $"{policy}|ip|{context.Connection.RemoteIpAddress}";
        }

        var quota = options.QuotaFor(policy, tenant);
        if (shared is not null)
        {
            return RateLimitPartition.Get(key, partitionKey => shared.CreateLimiter(partitionKey, quota));
        }

        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = quota.Burst,
            TokensPerPeriod = quota.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
