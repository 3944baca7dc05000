using Microsoft.AspNetCore.Http;
using Tollgate.Core;
using Tollgate.Gateway.Routing;
using Yarp.ReverseProxy.Model;

namespace Tollgate.Gateway.Proxy;

/// <summary>
/// The outermost gateway step, before authentication: finds the route's policy, opens the exchange every later step
/// reports into, and once the response has completed hands the exchange to the <see cref="ExchangeRecorder"/>, so
/// refusals (401, 429, 400) are recorded too and building the record never delays the response.
/// Requests to Tollgate's own endpoints pass straight through.
/// </summary>
internal sealed class ExchangeCaptureMiddleware
{
    private readonly RequestDelegate _next;
    private readonly GatewayRoutePolicies _policies;
    private readonly TimeProvider _time;
    private readonly Func<object, Task> _onCompleted;

    public ExchangeCaptureMiddleware(RequestDelegate next, GatewayRoutePolicies policies, ExchangeRecorder recorder, TimeProvider time)
    {
        _next = next;
        _policies = policies;
        _time = time;
        _onCompleted = state => recorder.RecordAsync((GatewayExchange)state);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>();
        if (route is null)
        {
            return _next(context);
        }

        var policy = _policies.Find(route.Config)
            ?? throw new InvalidOperationException($"The gateway route '{route.Config.RouteId}' has no compiled policy.");
        var exchange = new GatewayExchange(context, route, policy, UtcMicroseconds.Now(_time), _time.GetTimestamp());
        context.Features.Set(exchange);
        context.Features.Set<IGatewayRouteFeature>(exchange);
        context.Response.OnCompleted(_onCompleted, exchange);
        return _next(context);
    }
}
