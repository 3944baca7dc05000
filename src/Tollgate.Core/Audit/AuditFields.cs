namespace Tollgate.Core.Audit;

/// <summary>The JSON member names of an audit event, spelled as the seeds spell them.</summary>
public static class AuditFields
{
#pragma warning disable CS1591 // The names are their own documentation.
    public const string Id = "id";
    public const string TenantId = "tenant_id";
    public const string Timestamp = "timestamp";
    public const string ReceivedAt = "received_at";
    public const string UserId = "user_id";
    public const string EventType = "event_type";
    public const string SrcService = "src_service";
    public const string Target = "target";
    public const string Message = "message";
    public const string RequestId = "request_id";
    public const string TraceId = "trace_id";
    public const string SpanId = "span_id";
    public const string InvariantData = "invariant_data";
    public const string AppData = "app_data";
    public const string Amends = "amends";
    public const string Sequence = "sequence";
    public const string Hash = "hash";
#pragma warning restore CS1591

    /// <summary>Names the server assigns; a client that sends one is told so.</summary>
    public static IReadOnlySet<string> ServerAssigned { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ReceivedAt, Amends, Sequence, Hash, "prev_hash",
    };

    /// <summary>The format of every timestamp Tollgate writes: UTC, microseconds, RFC 3339.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
}
