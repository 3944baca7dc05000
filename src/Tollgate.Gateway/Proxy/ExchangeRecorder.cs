using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Tollgate.Core.Requests;
using Tollgate.Gateway.Capture;
using Tollgate.Gateway.Tracing;
using Tollgate.Identity.Tenancy;

namespace Tollgate.Gateway.Proxy;

/// <summary>
/// Builds the <see cref="RequestRecord"/> of a completed exchange (redacting headers, query and bodies) and hands it
/// to the capture queue. Runs after the response was sent, so none of this is on the client's clock.
/// </summary>
internal sealed partial class ExchangeRecorder(IRequestCaptureSink sink, TimeProvider time, ILogger<ExchangeRecorder> logger)
{
    public async Task RecordAsync(GatewayExchange exchange)
    {
        try
        {
            var record = Build(exchange, time.GetTimestamp());
            await sink.CaptureAsync(record, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogRecordFailed(logger, exchange.Route.Config.RouteId, e);
        }
        finally
        {
            exchange.RequestBody?.Dispose();
            exchange.ResponseBody?.Dispose();
        }
    }

    private RequestRecord Build(GatewayExchange exchange, long endTicks)
    {
        var context = exchange.Context;
        var request = context.Request;
        var response = context.Response;
        var policy = exchange.Policy;
        var identity = context.Features.Get<IRequestIdentityFeature>();
        var capture = policy.Capture;
        return new RequestRecord
        {
            Id = Guid.CreateVersion7(exchange.Timestamp),
            TenantId = context.Features.Get<ITenantFeature>()?.TenantId ?? policy.AnonymousTenant,
            Timestamp = exchange.Timestamp,
            Service = exchange.Route.Cluster?.ClusterId ?? exchange.Route.Config.ClusterId ?? "(none)",
            Route = exchange.Route.Config.RouteId,
            Method = Cap(request.Method, RequestLimits.MaxMethodLength) ?? "GET",
            RouteTemplate = Cap(exchange.Route.Config.Match.Path, RequestLimits.MaxPathLength),
            Path = Cap(request.PathBase.Add(request.Path).Value, RequestLimits.MaxPathLength) ?? "/",
            Query = request.QueryString.HasValue ? capture.RedactQuery(request.QueryString.Value![1..]) : null,
            Status = response.StatusCode,
            DurationMicroseconds = Microseconds(exchange.StartTicks, endTicks),
            UpstreamDurationMicroseconds = exchange.UpstreamStartTicks == 0 ? null : Microseconds(exchange.UpstreamStartTicks, exchange.UpstreamEndTicks),
            RequestBytes = exchange.RequestBody?.TotalBytes ?? request.ContentLength ?? 0,
            ResponseBytes = exchange.ResponseBody?.TotalBytes ?? response.ContentLength ?? 0,
            ClientIp = ClientAddress(context.Connection.RemoteIpAddress),
            UserAgent = Cap(request.Headers.UserAgent.ToString(), RequestLimits.MaxUserAgentLength),
            Principal = Cap(exchange.Principal, RequestLimits.MaxPrincipalLength),
            RequestId = identity?.RequestId,
            TraceId = identity?.TraceId.ToHexString(),
            SpanId = identity?.SpanId.ToHexString(),
            Error = Cap(exchange.Error, RequestLimits.MaxErrorLength),
            Detail = capture.Mode == CaptureMode.Bodies ? Detail(exchange, capture) : null,
        };
    }

    private static RequestDetail Detail(GatewayExchange exchange, CapturePolicy capture)
    {
        var context = exchange.Context;
        return new RequestDetail(
            capture.RedactHeaders(context.Request.Headers),
            capture.RedactHeaders(context.Response.Headers),
            Body(exchange.RequestBody, exchange.RequestContentType, context.Request.Headers.ContentEncoding, capture),
            Body(exchange.ResponseBody, context.Response.ContentType, context.Response.Headers.ContentEncoding, capture));
    }

    private static CapturedBody? Body(BodyCaptureBuffer? buffer, string? contentType, StringValues contentEncoding, CapturePolicy capture) =>
        buffer is null || buffer.TotalBytes == 0 || !CapturePolicy.IsCapturable(contentType, contentEncoding)
            ? null
            : capture.CaptureBody(buffer, contentType);

    private static string? ClientAddress(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private long Microseconds(long start, long end) => (long)time.GetElapsedTime(start, end).TotalMicroseconds;

    private static string? Cap(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The exchange on route {Route} could not be recorded")]
    private static partial void LogRecordFailed(ILogger logger, string route, Exception exception);
}
