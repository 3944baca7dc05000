using Tollgate.Core.Audit;

namespace Tollgate.Server.Audit.Responses;

/// <summary>One page of <c>GET /api/v1/logs</c>.</summary>
/// <param name="Items">The events, in the requested order.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; null on the last page.</param>
internal sealed record AuditEventSearchResponse(IReadOnlyList<AuditEvent> Items, string? NextCursor);
