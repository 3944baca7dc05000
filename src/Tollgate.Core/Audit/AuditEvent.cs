namespace Tollgate.Core.Audit;

/// <summary>
/// A stored audit event. <see cref="Document"/> holds the canonical JSON bytes that were hashed into the chain;
/// the typed properties are copies of its members kept for filtering and export.
/// </summary>
/// <remarks>Immutable once stored: amendments are new events that reference this one through <see cref="Amends"/>.</remarks>
public sealed record AuditEvent
{
    /// <summary>Server-assigned (or client-supplied) UUIDv7; sortable by creation time.</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant the event belongs to.</summary>
    public required string TenantId { get; init; }

    /// <summary>Position in the tenant's hash chain, starting at 1, without gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>When the event happened, as the client said (UTC, microsecond precision).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>When Tollgate received the event (UTC, microsecond precision).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The actor.</summary>
    public required string UserId { get; init; }

    /// <summary>The action.</summary>
    public required string EventType { get; init; }

    /// <summary>The service that reported the event.</summary>
    public required string SrcService { get; init; }

    /// <summary>What the action was done to, if anything.</summary>
    public string? Target { get; init; }

    /// <summary>The id of the original event when this event amends it.</summary>
    public Guid? Amends { get; init; }

    /// <summary>The canonical JSON document (UTF-8) that was hashed; see docs/audit-chain.md.</summary>
    public required ReadOnlyMemory<byte> Document { get; init; }

    /// <summary>SHA-256(previous hash ‖ <see cref="Document"/>), 32 bytes.</summary>
    public required ReadOnlyMemory<byte> Hash { get; init; }
}
