using Tollgate.Core.Audit;

namespace Tollgate.Pipeline.Tests.Streams;

/// <summary>
/// A real audit store behind a gate the test controls: appends can be made to fail (an outage) or to wait (a slow
/// commit) until the test lets them through. Everything else goes straight to the real store.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class GatedAuditEventStore(IAuditEventStore inner) : IAuditEventStore
{
    private readonly Lock gate = new();
    private bool failing;
    private TaskCompletionSource? hold;
    private int appendCalls;
    private int failedAppends;

    /// <summary>Calls of <see cref="AppendAsync"/> so far, failed ones included.</summary>
    public int AppendCalls => Volatile.Read(ref appendCalls);

    /// <summary>Appends refused by the simulated outage so far.</summary>
    public int FailedAppends => Volatile.Read(ref failedAppends);

    /// <summary>Makes later appends throw, as a store that is down would.</summary>
    public void Fail()
    {
        lock (gate)
        {
            failing = true;
        }
    }

    /// <summary>Makes later appends wait until <see cref="Open"/>.</summary>
    public void Hold()
    {
        lock (gate)
        {
            hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets held and later appends through to the real store.</summary>
    public void Open()
    {
        lock (gate)
        {
            failing = false;
            hold?.TrySetResult();
            hold = null;
        }
    }

    public async Task<IReadOnlyList<AuditAppendResult>> AppendAsync(string tenantId, IReadOnlyList<NewAuditEvent> events, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref appendCalls);
        Task? wait;
        bool fail;
        lock (gate)
        {
            wait = hold?.Task;
            fail = failing;
        }

        if (fail)
        {
            Interlocked.Increment(ref failedAppends);
            throw new InvalidOperationException("The database is offline.");
        }

        if (wait is not null)
        {
            await wait.WaitAsync(cancellationToken);
        }

        return await inner.AppendAsync(tenantId, events, cancellationToken);
    }

    public Task<AuditEvent?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken) => inner.GetAsync(tenantId, id, cancellationToken);

    public Task<IReadOnlyList<AuditEvent>> GetAmendmentsAsync(string tenantId, Guid id, CancellationToken cancellationToken) => inner.GetAmendmentsAsync(tenantId, id, cancellationToken);

    public Task<AuditEventPage> QueryAsync(string tenantId, AuditEventQuery query, CancellationToken cancellationToken) => inner.QueryAsync(tenantId, query, cancellationToken);

    public Task<long> CountAsync(string tenantId, AuditEventFilter filter, CancellationToken cancellationToken) => inner.CountAsync(tenantId, filter, cancellationToken);

    public Task<AuditStats> GetStatsAsync(string tenantId, AuditEventFilter filter, AuditStatsInterval interval, CancellationToken cancellationToken) =>
        inner.GetStatsAsync(tenantId, filter, interval, cancellationToken);

    public Task<RetentionResult> DeleteReceivedBeforeAsync(string tenantId, DateTimeOffset receivedBefore, CancellationToken cancellationToken) =>
        inner.DeleteReceivedBeforeAsync(tenantId, receivedBefore, cancellationToken);

    public Task<ChainVerification> VerifyChainAsync(string tenantId, CancellationToken cancellationToken) => inner.VerifyChainAsync(tenantId, cancellationToken);

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => inner.IsReadyAsync(cancellationToken);
}
