namespace Tollgate.Core.Audit;

/// <summary>
/// Where audit events live. Implementations are pinned by the store contract test suite
/// (<c>test/Tollgate.Testing</c>), so every provider behaves the same. All members are thread-safe.
/// </summary>
/// <remarks>
/// Every member takes the tenant explicitly and never returns another tenant's data.
/// </remarks>
public interface IAuditEventStore
{
    /// <summary>
    /// Appends a batch atomically: either every event is committed (and chained, in order) or none is.
    /// An event whose idempotency key is already stored with the same request digest is not stored again; its
    /// original result comes back with <see cref="AuditAppendResult.Replayed"/> set. Completes only once the
    /// batch is durable.
    /// </summary>
    /// <exception cref="IdempotencyConflictException">A key was already used with a different digest.</exception>
    Task<IReadOnlyList<AuditAppendResult>> AppendAsync(string tenantId, IReadOnlyList<NewAuditEvent> events, CancellationToken cancellationToken);

    /// <summary>One event by id, or null.</summary>
    Task<AuditEvent?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken);

    /// <summary>The amendments recorded for an event, oldest first.</summary>
    Task<IReadOnlyList<AuditEvent>> GetAmendmentsAsync(string tenantId, Guid id, CancellationToken cancellationToken);

    /// <summary>One page of events.</summary>
    Task<AuditEventPage> QueryAsync(string tenantId, AuditEventQuery query, CancellationToken cancellationToken);

    /// <summary>How many events match.</summary>
    Task<long> CountAsync(string tenantId, AuditEventFilter filter, CancellationToken cancellationToken);

    /// <summary>Counts by event type, by source service and per bucket, over the filter's time range.</summary>
    Task<AuditStats> GetStatsAsync(string tenantId, AuditEventFilter filter, AuditStatsInterval interval, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the oldest events of the chain: every event up to (not including) the first one received at or
    /// after <paramref name="receivedBefore"/>. Deletion follows the chain, so what remains is a contiguous suffix,
    /// and a checkpoint records where it starts.
    /// </summary>
    Task<RetentionResult> DeleteReceivedBeforeAsync(string tenantId, DateTimeOffset receivedBefore, CancellationToken cancellationToken);

    /// <summary>Recomputes the tenant's chain from its checkpoint and reports the first break.</summary>
    Task<ChainVerification> VerifyChainAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>True when the store answers queries.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);
}
