using Tollgate.Server.Health;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Tollgate's health checks.</summary>
public static class HealthServiceCollectionExtensions
{
    /// <summary>The tag of checks that decide readiness (<c>/health/ready</c>).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Adds the audit store readiness check, tagged <see cref="ReadyTag"/>.</summary>
    public static IServiceCollection AddTollgateHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<AuditStoreHealthCheck>("audit-store", tags: [ReadyTag]);
        return services;
    }
}
