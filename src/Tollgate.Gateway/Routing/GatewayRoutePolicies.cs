using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Configuration;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// The compiled policy of each route YARP runs, attached to the very <see cref="RouteConfig"/> instance YARP keeps.
/// A reload that fails leaves YARP on its previous routes, and those still find their previous policies, so the
/// proxy and its policies can never disagree.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class GatewayRoutePolicies
{
    private readonly ConditionalWeakTable<RouteConfig, GatewayRoutePolicy> _policies = [];

    public void Attach(RouteConfig route, GatewayRoutePolicy policy) => _policies.AddOrUpdate(route, policy);

    public GatewayRoutePolicy? Find(RouteConfig route) => _policies.TryGetValue(route, out var policy) ? policy : null;
}
