namespace Tollgate.Core.Audit;

/// <summary>Size limits on one audit event. Every limit answers a clear 400 when exceeded.</summary>
public sealed class AuditEventLimits
{
    /// <summary>Longest identifier-like string (user_id, event_type, src_service, target, request_id, trace_id, span_id). Default 256.</summary>
    public int MaxFieldLength { get; set; } = 256;

    /// <summary>Longest message, in characters. Default 16,384.</summary>
    public int MaxMessageLength { get; set; } = 16_384;

    /// <summary>Longest member name of an extra top-level field. Default 128.</summary>
    public int MaxFieldNameLength { get; set; } = 128;

    /// <summary>
    /// Largest canonical document of one event, in bytes, attributes and extra fields included. Default 65,536:
    /// an audit event is a fact, not a payload store.
    /// </summary>
    public int MaxEventBytes { get; set; } = 65_536;
}
