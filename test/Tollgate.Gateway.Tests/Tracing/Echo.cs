namespace Tollgate.Gateway.Tests.Tracing;

/// <summary>What the test server's <c>/echo</c> endpoint saw: the request's feature, its activity and its trace identifier.</summary>
public sealed record Echo(
    string RequestId,
    string TraceId,
    string SpanId,
    string TraceParent,
    string TraceIdentifier,
    string? ActivityId,
    string? ActivityParentSpanId,
    string? ActivityTraceState,
    string? ActivityOperationName);
