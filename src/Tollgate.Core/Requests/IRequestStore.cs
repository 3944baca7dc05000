namespace Tollgate.Core.Requests;

/// <summary>
/// Where request records live. Implementations are pinned by the request store contract suite
/// (<c>test/Tollgate.Testing</c>), so every provider behaves the same. All members are thread-safe.
/// </summary>
/// <remarks>Reads take the tenant explicitly and never return another tenant's data.</remarks>
public interface IRequestStore
{
    /// <summary>
    /// Stores a batch (records of any tenants) atomically, rows and details. A record whose id is already stored
    /// is skipped, so redelivering a batch never duplicates. Completes once the batch is durable.
    /// </summary>
    Task WriteAsync(IReadOnlyList<RequestRecord> records, CancellationToken cancellationToken);

    /// <summary>One page of the tenant's requests, newest first, without details.</summary>
    Task<RequestPage> QueryAsync(string tenantId, RequestQuery query, CancellationToken cancellationToken);

    /// <summary>One request with its detail (when captured), or null.</summary>
    Task<RequestRecord?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken);
}
