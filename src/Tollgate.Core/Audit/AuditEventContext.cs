namespace Tollgate.Core.Audit;

/// <summary>What the server knows about an incoming event beyond its body.</summary>
public readonly record struct AuditEventContext
{
    /// <summary>The caller's tenant.</summary>
    public required string TenantId { get; init; }

    /// <summary>When the request arrived.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Required fields.</summary>
    public AuditEventShape Shape { get; init; }

    /// <summary>The client's Idempotency-Key for this item, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Set when the event amends another.</summary>
    public Guid? Amends { get; init; }

    /// <summary>The item's position in a bulk call.</summary>
    public int? Index { get; init; }
}
