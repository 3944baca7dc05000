using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tollgate.Gateway.Capture;
using Tollgate.Gateway.Validation;

namespace Tollgate.Gateway.Proxy;

/// <summary>
/// Taps the request body as the next steps read it (after decryption, so schema validation and the forwarder read
/// through it and a refused body is captured too) and the response body as the upstream sends it (before
/// encryption). The taps copy at most the route's cap (nothing with metadata capture, where they only count bytes)
/// and never read ahead; a request without a body gets no request tap. The originals are restored afterwards.
/// </summary>
internal sealed class BodyTapMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var exchange = context.Features.Get<GatewayExchange>();
        return exchange is null ? next(context) : TapAsync(context, exchange);
    }

    private async Task TapAsync(HttpContext context, GatewayExchange exchange)
    {
        var capture = exchange.Policy.Capture;
        var request = context.Request;
        var cap = capture.Mode == CaptureMode.Bodies ? capture.MaxBodyBytes : 0;
        var originalBody = request.Body;
        if (RequestBodyReader.HasBody(request))
        {
            exchange.RequestContentType = request.ContentType;
            exchange.RequestBody = new BodyCaptureBuffer(CapturePolicy.IsCapturable(request.ContentType, request.Headers.ContentEncoding) ? cap : 0);
            request.Body = new CaptureRequestStream(originalBody, exchange.RequestBody);
        }

        var originalResponse = context.Features.Get<IHttpResponseBodyFeature>()!;
        exchange.ResponseBody = new BodyCaptureBuffer(cap);
        context.Features.Set<IHttpResponseBodyFeature>(new CaptureResponseBodyFeature(originalResponse, exchange.ResponseBody, context.Response));
        try
        {
            await next(context);
        }
        finally
        {
            request.Body = originalBody;
            context.Features.Set(originalResponse);
        }
    }
}
