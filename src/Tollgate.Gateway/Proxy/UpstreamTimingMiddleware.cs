using Microsoft.AspNetCore.Http;

namespace Tollgate.Gateway.Proxy;

/// <summary>
/// The last step before the forwarder: times the upstream call (sending the request, waiting, relaying the response
/// body), so the capture can tell the service's time from the gateway's.
/// </summary>
internal sealed class UpstreamTimingMiddleware(RequestDelegate next, TimeProvider time)
{
    public Task InvokeAsync(HttpContext context)
    {
        var exchange = context.Features.Get<GatewayExchange>();
        return exchange is null ? next(context) : TimeAsync(context, exchange);
    }

    private async Task TimeAsync(HttpContext context, GatewayExchange exchange)
    {
        exchange.UpstreamStartTicks = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            exchange.UpstreamEndTicks = time.GetTimestamp();
        }
    }
}
