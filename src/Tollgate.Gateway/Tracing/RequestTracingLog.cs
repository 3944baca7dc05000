using Microsoft.Extensions.Logging;

namespace Tollgate.Gateway.Tracing;

/// <summary>Request tracing's log messages. A refused header value is never logged: it may be anything a client sent.</summary>
internal static partial class RequestTracingLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "Replaced an invalid X-Request-ID (header values: {ValueCount}, length of the first: {Length}) with {RequestId}")]
    public static partial void InvalidRequestIdReplaced(ILogger logger, int valueCount, int length, string requestId);
}
