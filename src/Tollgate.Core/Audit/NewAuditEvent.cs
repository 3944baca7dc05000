namespace Tollgate.Core.Audit;

/// <summary>
/// An audit event that has been validated and canonicalised but not yet stored: the store assigns its sequence
/// number and hash. Built by <see cref="AuditEventReader"/>.
/// </summary>
public sealed record NewAuditEvent
{
    /// <summary>The event id; for a client-supplied id, also what makes a retry idempotent.</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant the event belongs to.</summary>
    public required string TenantId { get; init; }

    /// <summary>When the event happened (UTC, microsecond precision).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>When Tollgate received the event (UTC, microsecond precision).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The actor.</summary>
    public required string UserId { get; init; }

    /// <summary>The action.</summary>
    public required string EventType { get; init; }

    /// <summary>The reporting service.</summary>
    public required string SrcService { get; init; }

    /// <summary>What the action was done to, if anything.</summary>
    public string? Target { get; init; }

    /// <summary>Free-text description, if any.</summary>
    public string? Message { get; init; }

    /// <summary>The request id the event was reported under, if any.</summary>
    public string? RequestId { get; init; }

    /// <summary>The W3C trace id, if any.</summary>
    public string? TraceId { get; init; }

    /// <summary>The id of the original event when this event amends it.</summary>
    public Guid? Amends { get; init; }

    /// <summary>
    /// Makes a retry return the original event instead of a second one: the client's <c>Idempotency-Key</c>
    /// (per item for bulk calls) or its own event id. Null when the client gave neither.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>SHA-256 of what the client sent, so a reused idempotency key with other content is refused.</summary>
    public ReadOnlyMemory<byte> RequestDigest { get; init; }

    /// <summary>The canonical JSON document (UTF-8) that will be hashed and stored.</summary>
    public required ReadOnlyMemory<byte> Document { get; init; }
}
