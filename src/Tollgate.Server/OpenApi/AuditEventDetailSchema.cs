using Tollgate.Core.Audit;

namespace Tollgate.Server.OpenApi;

/// <summary>
/// One stored event with its amendments: every member of a stored event plus <c>amendments</c>. Describes the
/// OpenAPI schema only.
/// </summary>
internal sealed class AuditEventDetailSchema : StoredAuditEventSchema
{
    /// <summary>The amendment events that reference this event, oldest first.</summary>
    public required IReadOnlyList<AuditEvent> Amendments { get; init; }
}
