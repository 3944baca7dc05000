using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

/// <summary>A server with rate limits on: queries 1 per second with bursts of 2, except for one roomier tenant.</summary>
public sealed class RateLimitFactory : TollgateFactory
{
    /// <summary>The tenant whose query quota is overridden.</summary>
    public const string RoomyTenant = "roomy";

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:Policies:query:PermitsPerSecond"] = "1",
        ["RateLimiting:Policies:query:Burst"] = "2",
        ["RateLimiting:Policies:ingest:PermitsPerSecond"] = "1000",
        ["RateLimiting:Policies:ingest:Burst"] = "1000",
        ["RateLimiting:Policies:admin:PermitsPerSecond"] = "1000",
        ["RateLimiting:Policies:admin:Burst"] = "1000",
        ["RateLimiting:Policies:auth:PermitsPerSecond"] = "1000",
        ["RateLimiting:Policies:auth:Burst"] = "1000",
        [$"RateLimiting:Tenants:{RoomyTenant}:query:PermitsPerSecond"] = "100",
        [$"RateLimiting:Tenants:{RoomyTenant}:query:Burst"] = "100",
    };
}
