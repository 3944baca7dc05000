using Tollgate.Core.Audit;

namespace Tollgate.Pipeline.Streams;

/// <summary>The content of one audit stream entry: one tenant's published batch, appended all or nothing.</summary>
/// <param name="TenantId">The tenant every event belongs to.</param>
/// <param name="Events">The events in the order they were published (the order they are chained in).</param>
internal sealed record AuditBatch(string TenantId, IReadOnlyList<NewAuditEvent> Events);
