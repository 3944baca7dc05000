namespace Tollgate.Gateway.Routing;

/// <summary>The Tollgate policy of the gateway route a request matched; set before any gateway middleware runs.</summary>
public interface IGatewayRouteFeature
{
    /// <summary>The route's compiled policy.</summary>
    GatewayRoutePolicy Policy { get; }
}
