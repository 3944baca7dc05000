using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tollgate.Gateway.Capture;

namespace Tollgate.Gateway.Proxy;

/// <summary>
/// The last gateway step before the forwarder: times the upstream call and, for routes that capture bodies, taps the
/// request body as the forwarder reads it (after decryption) and the response body as the upstream sends it (before
/// encryption). The taps copy at most the cap and never read ahead; the originals are restored afterwards.
/// </summary>
internal sealed class BodyTapMiddleware(RequestDelegate next, TimeProvider time)
{
    public Task InvokeAsync(HttpContext context)
    {
        var exchange = context.Features.Get<GatewayExchange>();
        return exchange is null ? next(context) : TapAsync(context, exchange);
    }

    private async Task TapAsync(HttpContext context, GatewayExchange exchange)
    {
        var capture = exchange.Policy.Capture;
        exchange.RequestContentType = context.Request.ContentType;
        var request = context.Request;
        var originalBody = request.Body;
        var originalResponse = context.Features.Get<IHttpResponseBodyFeature>()!;
        var cap = capture.Mode == CaptureMode.Bodies ? capture.MaxBodyBytes : 0;
        exchange.RequestBody = new BodyCaptureBuffer(CapturePolicy.IsCapturable(request.ContentType, request.Headers.ContentEncoding) ? cap : 0);
        exchange.ResponseBody = new BodyCaptureBuffer(cap);
        request.Body = new CaptureRequestStream(originalBody, exchange.RequestBody);
        var tap = new CaptureResponseBodyFeature(originalResponse, exchange.ResponseBody, context.Response);
        context.Features.Set<IHttpResponseBodyFeature>(tap);
        exchange.UpstreamStartTicks = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            exchange.UpstreamEndTicks = time.GetTimestamp();
            request.Body = originalBody;
            context.Features.Set(originalResponse);
        }
    }
}
