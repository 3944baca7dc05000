using Tollgate.Core.Audit;

namespace Tollgate.Pipeline.Transport;

/// <summary>
/// Where validated audit events go next: appended to the store (and chained) when embedded, added to a Redis stream
/// for a collector to append when scaled out.
/// </summary>
public interface IAuditEventPublisher
{
    /// <summary>
    /// True when events are chained later by a collector, so a result carries no chain position yet
    /// (<see cref="AuditAppendResult.Sequence"/> is 0) and the API answers 202 Accepted instead of 201 Created.
    /// </summary>
    bool IsDeferred { get; }

    /// <summary>
    /// Hands one tenant's batch on, all or nothing, and completes once it is durable in the next stage. An event whose
    /// idempotency key was seen before with the same digest comes back as <see cref="AuditAppendResult.Replayed"/>.
    /// </summary>
    /// <exception cref="IdempotencyConflictException">A key was already used with a different digest.</exception>
    Task<IReadOnlyList<AuditAppendResult>> PublishAsync(string tenantId, IReadOnlyList<NewAuditEvent> events, CancellationToken cancellationToken);
}
