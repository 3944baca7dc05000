using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Tollgate.Gateway.Proxy;

/// <summary>
/// Turns the forwarder's bare 502/504 into problem details (which carry the request id) and records the upstream
/// error on the exchange. When the upstream failed after the response started, only the record gets it.
/// </summary>
internal sealed partial class UpstreamErrorMiddleware(RequestDelegate next, IProblemDetailsService problems, ILogger<UpstreamErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var error = context.GetForwarderErrorFeature();
        if (error is null || error.Error == ForwarderError.None)
        {
            return;
        }

        var exchange = context.Features.Get<GatewayExchange>();
        var cluster = exchange?.Route.Cluster?.ClusterId ?? "(none)";
        var timedOut = error.Error == ForwarderError.RequestTimedOut || context.Response.StatusCode == StatusCodes.Status504GatewayTimeout;
        var status = timedOut ? StatusCodes.Status504GatewayTimeout
            : context.Response.StatusCode is StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable ? context.Response.StatusCode
            : StatusCodes.Status502BadGateway;
        var what = Describe(error.Error);
        if (exchange is not null)
        {
            exchange.Error = $"{error.Error}: {what}{(error.Exception is { } e ? $" ({e.GetType().Name}: {e.Message})" : "")}";
        }

        LogUpstreamFailed(logger, cluster, error.Error, error.Exception);
        if (context.Response.HasStarted || error.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled)
        {
            return;
        }

        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Type = timedOut ? GatewayProblemTypes.UpstreamTimeout : GatewayProblemTypes.UpstreamUnavailable,
                Title = timedOut ? "Upstream timeout" : "Upstream unavailable",
                Detail = timedOut
                    ? $"The service '{cluster}' did not answer in time."
                    : $"The service '{cluster}' could not be reached or broke the exchange: {what}.",
            },
        });
    }

    private static string Describe(ForwarderError error) => error switch
    {
        ForwarderError.Request => "sending the request failed (connection refused or reset)",
        ForwarderError.RequestTimedOut => "no response within the cluster's activity timeout",
        ForwarderError.RequestBodyClient => "reading the client's request body failed",
        ForwarderError.RequestBodyDestination => "sending the request body to the service failed",
        ForwarderError.ResponseBodyDestination => "the service's response body broke off",
        ForwarderError.ResponseBodyClient => "the client went away while the response was sent",
        ForwarderError.NoAvailableDestinations => "no healthy destination is available",
        ForwarderError.UpgradeRequestDestination or ForwarderError.UpgradeResponseDestination => "the upgraded connection to the service failed",
        _ => error.ToString(),
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Proxying to cluster {Cluster} failed: {Error}")]
    private static partial void LogUpstreamFailed(ILogger logger, string cluster, ForwarderError error, Exception? exception);
}
