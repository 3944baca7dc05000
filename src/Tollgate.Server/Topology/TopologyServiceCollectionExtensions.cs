using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tollgate.Redis;
using Tollgate.Server.Topology;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what depends on the node's place in a deployment: its roles and the shared Redis connection.</summary>
public static class TopologyServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="roles"/> (read with <see cref="NodeRoles.FromConfiguration"/>) for the endpoint maps
    /// and health checks; the Redis connection whenever <c>Redis:Configuration</c> is set (the pipeline, shared rate
    /// limits and nonces all use it); and how much a Redis outage matters to this node's readiness: unhealthy on nodes
    /// that ingest or collect, which cannot work without it, degraded elsewhere (a gateway keeps proxying, a query node
    /// keeps answering with rate limits failing open), so a load balancer keeps those nodes in.
    /// </summary>
    public static IServiceCollection AddTollgateTopology(this IServiceCollection services, NodeRoles roles, IConfiguration configuration)
    {
        services.AddSingleton(roles);
        if (!string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.SectionName}:{nameof(RedisOptions.Configuration)}"]))
        {
            services.AddTollgateRedis(configuration);
        }

        var redisOutage = roles.Has(NodeRole.Ingest) || roles.Has(NodeRole.Collector) ? HealthStatus.Unhealthy : HealthStatus.Degraded;
        services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Name == RedisServiceCollectionExtensions.HealthCheckName))
            {
                registration.FailureStatus = redisOutage;
            }
        });
        return services;
    }
}
