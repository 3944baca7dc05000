using Tollgate.Core.Audit;

namespace Tollgate.Pipeline.Transport;

/// <summary>The embedded transport for audit events: a publish is the store's append.</summary>
internal sealed class StoreAuditEventPublisher(IAuditEventStore store) : IAuditEventPublisher
{
    public bool IsDeferred => false;

    public Task<IReadOnlyList<AuditAppendResult>> PublishAsync(string tenantId, IReadOnlyList<NewAuditEvent> events, CancellationToken cancellationToken) =>
        store.AppendAsync(tenantId, events, cancellationToken);
}
