using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Gateway;
using Tollgate.Gateway.Proxy;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the gateway to the request pipeline and maps its routes.</summary>
public static class GatewayApplicationBuilderExtensions
{
    /// <summary>
    /// Resolves the client address through the trusted proxies (when any are configured) and opens the capture of
    /// every request that matched a gateway route. Call right after <c>UseTollgateRequestTracing</c> and before error
    /// handling and identity, so refused requests are recorded with their final status.
    /// </summary>
    public static IApplicationBuilder UseTollgateGateway(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetRequiredService<IOptions<GatewayOptions>>().Value.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app.UseMiddleware<ExchangeCaptureMiddleware>();
    }

    /// <summary>
    /// Maps the gateway routes. Per request, in this order: the route's credential and scope check, upstream error
    /// answers, payload decryption and response encryption, the body taps, JSON Schema validation, YARP's session
    /// affinity, load balancing and passive health checks, the upstream timing, and the forwarder.
    /// </summary>
    public static ReverseProxyConventionBuilder MapTollgateGateway(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<RouteAccessMiddleware>();
            proxy.UseMiddleware<UpstreamErrorMiddleware>();
            proxy.UseTollgatePayloadEncryption();
            proxy.UseMiddleware<BodyTapMiddleware>();
            proxy.UseTollgateSchemaValidation();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
            proxy.UseMiddleware<UpstreamTimingMiddleware>();
        });
}
