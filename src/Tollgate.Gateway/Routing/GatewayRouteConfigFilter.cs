using System.Globalization;
using Microsoft.Extensions.Configuration;
using Yarp.ReverseProxy.Configuration;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// Compiles each route's Tollgate policy whenever YARP loads its configuration, and hands the parts ASP.NET Core
/// enforces to YARP: anonymous access for <c>Auth: none</c> and the route's rate-limit policy. A policy that does not
/// compile fails the load, which YARP reports naming the route: at start-up the server does not start, on a reload
/// the previous configuration stays in force.
/// </summary>
internal sealed class GatewayRouteConfigFilter(IConfiguration configuration, GatewayRoutePolicyCompiler compiler, GatewayRoutePolicies policies) : IProxyConfigFilter
{
    /// <summary>The metadata key whose value changes on every load, so YARP rebuilds routes whose policy may have changed.</summary>
    public const string GenerationMetadataKey = "Tollgate.PolicyGeneration";

    private long _generation;

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => ValueTask.FromResult(cluster);

    public async ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(route);
        var section = configuration.GetSection($"{GatewayOptions.SectionName}:Routes:{route.RouteId}");
        var policy = await compiler.CompileAsync(route, section, cancel);
        var metadata = new Dictionary<string, string>(route.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [GenerationMetadataKey] = Interlocked.Increment(ref _generation).ToString(CultureInfo.InvariantCulture),
        };
        var configured = route with
        {
            AuthorizationPolicy = policy.Auth == GatewayAuthModes.None ? "anonymous" : "default",
            RateLimiterPolicy = policy.RateLimitPolicy,
            Metadata = metadata,
        };
        policies.Attach(configured, policy);
        return configured;
    }
}
