namespace Tollgate.Core.Analytics;

/// <summary>
/// Reads and rebuilds the rollups a request store keeps as it writes (see <see cref="RequestRollups"/>). Implemented by
/// each request store's provider and pinned by the rollup contract suite (<c>test/Tollgate.Testing</c>).
/// </summary>
/// <remarks>Thread-safe. Reads take the tenant explicitly and never return another tenant's rows.</remarks>
public interface IRequestRollupStore
{
    /// <summary>The tenant's rollup rows matching <paramref name="query"/>, in no particular order.</summary>
    Task<IReadOnlyList<RollupRow>> ReadAsync(string tenantId, RollupQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Recomputes the rollups of every UTC day that [<paramref name="start"/>, <paramref name="until"/>) touches from the raw
    /// request rows, for one tenant or (when <paramref name="tenantId"/> is null) every tenant. Each day is replaced
    /// atomically and concurrent writes are neither lost nor counted twice. Days whose raw rows retention has already
    /// removed end up with only what is left, so callers keep the range within raw retention.
    /// </summary>
    Task<RollupRebuildResult> RebuildAsync(string? tenantId, DateTimeOffset start, DateTimeOffset until, CancellationToken cancellationToken);
}
