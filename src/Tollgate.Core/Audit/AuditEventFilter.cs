namespace Tollgate.Core.Audit;

/// <summary>
/// Which events a search, export, count or stats call covers. Every non-null member narrows the result;
/// string members match exactly except <see cref="Text"/>.
/// </summary>
public sealed record AuditEventFilter
{
    /// <summary>Inclusive lower bound on the event timestamp.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound on the event timestamp.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Reporting service.</summary>
    public string? SrcService { get; init; }

    /// <summary>Action.</summary>
    public string? EventType { get; init; }

    /// <summary>Actor.</summary>
    public string? UserId { get; init; }

    /// <summary>Target.</summary>
    public string? Target { get; init; }

    /// <summary>Request id.</summary>
    public string? RequestId { get; init; }

    /// <summary>W3C trace id.</summary>
    public string? TraceId { get; init; }

    /// <summary>Case-insensitive (ASCII) substring over the message and every attribute of the event.</summary>
    public string? Text { get; init; }

    /// <summary>Matches every event of a tenant.</summary>
    public static AuditEventFilter All { get; } = new();
}
