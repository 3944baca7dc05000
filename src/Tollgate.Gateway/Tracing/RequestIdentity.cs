using System.Collections;
using System.Diagnostics;

namespace Tollgate.Gateway.Tracing;

/// <summary>
/// The request's ids, as its feature and as its logging scope (<c>RequestId</c>) in one object, so the hot path
/// allocates one object for both. The trace and span ids are not in the scope: the logger factory's activity
/// tracking adds them (see <c>AddTollgateRequestTracing</c>).
/// </summary>
internal sealed class RequestIdentity(string requestId, Activity activity) : IRequestIdentityFeature, IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <summary>The scope key; log search finds a request's lines by it.</summary>
    public const string ScopeKey = "RequestId";

    private string? text;

    public string RequestId { get; } = requestId;

    public ActivityTraceId TraceId { get; } = activity.TraceId;

    public ActivitySpanId SpanId { get; } = activity.SpanId;

    public string TraceParent { get; } = activity.Id!;

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(ScopeKey, RequestId) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>What text formatters print for the scope.</summary>
    public override string ToString() => text ??= ScopeKey + ":" + RequestId;
}
