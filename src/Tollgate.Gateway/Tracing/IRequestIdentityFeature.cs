using System.Diagnostics;

namespace Tollgate.Gateway.Tracing;

/// <summary>
/// The ids of the current request, set by <c>UseTollgateRequestTracing</c> before anything else runs, so later code
/// (the proxy, capture, audit) records the same ids the client gets back without parsing headers again.
/// </summary>
public interface IRequestIdentityFeature
{
    /// <summary>The request id: the client's valid <c>X-Request-ID</c>, or one Tollgate generated.</summary>
    string RequestId { get; }

    /// <summary>The W3C trace id: the caller's when its <c>traceparent</c> was valid, otherwise a new trace.</summary>
    ActivityTraceId TraceId { get; }

    /// <summary>The span id of the server's span for this request.</summary>
    ActivitySpanId SpanId { get; }

    /// <summary>The <c>traceparent</c> of the server's span (<c>00-{trace id}-{span id}-{flags}</c>), as returned to the client.</summary>
    string TraceParent { get; }
}
