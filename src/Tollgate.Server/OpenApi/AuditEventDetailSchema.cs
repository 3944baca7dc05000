using System.Text.Json.Nodes;
using Tollgate.Core.Audit;

namespace Tollgate.Server.OpenApi;

/// <summary>
/// One stored event with its amendments: every member of a stored event plus <c>amendments</c>. Describes the
/// OpenAPI schema only.
/// </summary>
internal sealed class AuditEventDetailSchema
{
    /// <summary>Position in the tenant's hash chain.</summary>
    public required long Sequence { get; init; }

    /// <summary>The chain hash, lowercase hex.</summary>
    public required string Hash { get; init; }

    /// <summary>The event id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant.</summary>
    public required string TenantId { get; init; }

    /// <summary>When the event happened (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>When Tollgate received it (UTC).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The actor.</summary>
    public required string UserId { get; init; }

    /// <summary>The action.</summary>
    public required string EventType { get; init; }

    /// <summary>The reporting service.</summary>
    public required string SrcService { get; init; }

    /// <summary>What the action was done to.</summary>
    public string? Target { get; init; }

    /// <summary>Free-text description.</summary>
    public string? Message { get; init; }

    /// <summary>The id of the original event, when this event is itself an amendment.</summary>
    public Guid? Amends { get; init; }

    /// <summary>Attributes that do not change.</summary>
    public JsonObject? InvariantData { get; init; }

    /// <summary>Application attributes.</summary>
    public JsonObject? AppData { get; init; }

    /// <summary>The amendment events that reference this event, oldest first.</summary>
    public required IReadOnlyList<AuditEvent> Amendments { get; init; }
}
