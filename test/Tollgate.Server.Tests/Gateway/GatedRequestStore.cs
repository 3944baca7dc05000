using Tollgate.Core.Requests;

namespace Tollgate.Server.Tests.Gateway;

/// <summary>
/// The real store behind a gate: writes wait until the test opens it, as a store stalled by a slow disk would make
/// them. Reads pass straight through.
/// </summary>
public sealed class GatedRequestStore(IRequestStore inner, GatedRequestStore.Gate gate) : IRequestStore
{
    public async Task WriteAsync(IReadOnlyList<RequestRecord> records, CancellationToken cancellationToken)
    {
        gate.Entered.TrySetResult();
        await gate.Opened.Task.WaitAsync(cancellationToken);
        await inner.WriteAsync(records, cancellationToken);
    }

    public Task<RequestPage> QueryAsync(string tenantId, RequestQuery query, CancellationToken cancellationToken) =>
        inner.QueryAsync(tenantId, query, cancellationToken);

    public Task<RequestRecord?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        inner.GetAsync(tenantId, id, cancellationToken);

    /// <summary>Signals when a write arrived, and lets writes through once opened.</summary>
    public sealed class Gate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => Opened.TrySetResult();
    }
}
