using Microsoft.AspNetCore.Http;
using Tollgate.Gateway.Capture;
using Tollgate.Gateway.Routing;
using Tollgate.Identity;
using Yarp.ReverseProxy.Model;

namespace Tollgate.Gateway.Proxy;

/// <summary>
/// The state of one proxied exchange, from the first gateway middleware to the capture record written after the
/// response completed: the route and its policy, clocks, the body taps and what went wrong.
/// </summary>
/// <remarks>Used by one request at a time; not thread-safe.</remarks>
internal sealed class GatewayExchange(HttpContext context, RouteModel route, GatewayRoutePolicy policy, DateTimeOffset timestamp, long startTicks)
    : IGatewayRouteFeature
{
    private string? principal;
    private bool principalResolved;

    public HttpContext Context { get; } = context;

    public RouteModel Route { get; } = route;

    public GatewayRoutePolicy Policy { get; } = policy;

    /// <summary>When the request started, UTC microseconds.</summary>
    public DateTimeOffset Timestamp { get; } = timestamp;

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the request started.</summary>
    public long StartTicks { get; } = startTicks;

    /// <summary>Timestamps around the forwarder call; zero when the upstream was never called.</summary>
    public long UpstreamStartTicks { get; set; }

    public long UpstreamEndTicks { get; set; }

    /// <summary>The request body as the forwarder read it (after decryption); null when not tapped.</summary>
    public BodyCaptureBuffer? RequestBody { get; set; }

    /// <summary>The response body as the upstream sent it (before encryption); null when not tapped.</summary>
    public BodyCaptureBuffer? ResponseBody { get; set; }

    /// <summary>The request's Content-Type as forwarded (after decryption).</summary>
    public string? RequestContentType { get; set; }

    /// <summary>
    /// Who called, as the upstream and the capture both name it (<c>apikey:…</c>, <c>user:…</c>, <c>service:…</c>),
    /// or null when anonymous. Read only after authentication ran; worked out once per exchange.
    /// </summary>
    public string? Principal
    {
        get
        {
            if (!principalResolved)
            {
                var user = Context.User;
                var subject = user.Identity?.IsAuthenticated == true ? user.FindFirst(TollgateClaims.Subject)?.Value : null;
                principal = subject is null ? null : (user.FindFirst(TollgateClaims.Kind)?.Value ?? "unknown") + ":" + subject;
                principalResolved = true;
            }

            return principal;
        }
    }

    /// <summary>Why the exchange failed (a problem type and detail, or the forwarder's error); null when it did not.</summary>
    public string? Error { get; set; }
}
