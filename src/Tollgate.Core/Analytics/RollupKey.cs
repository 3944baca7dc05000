namespace Tollgate.Core.Analytics;

/// <summary>
/// Identifies one rollup row: a tenant's bucket of one width, grouped by <see cref="Kind"/>'s dimensions. Empty strings
/// (never null) stand for "not a dimension of this kind" and, for <see cref="Consumer"/>, for anonymous callers, so the
/// key can be a primary key in every store.
/// </summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Kind">Which dimensions the row groups by.</param>
/// <param name="Width">The bucket width.</param>
/// <param name="Bucket">The bucket's start, UTC, a multiple of <paramref name="Width"/> since the Unix epoch.</param>
/// <param name="Service">The service that answered.</param>
/// <param name="Endpoint">The endpoint (route template, or the path with ids folded to <c>{id}</c>); empty for consumer rows.</param>
/// <param name="Method">The HTTP method; empty for consumer rows.</param>
/// <param name="StatusClass">The status divided by 100 (2 for 2xx); 0 for consumer rows.</param>
/// <param name="Consumer">The principal; empty for anonymous callers and for endpoint rows.</param>
public readonly record struct RollupKey(
    string TenantId,
    RollupKind Kind,
    RollupWidth Width,
    DateTimeOffset Bucket,
    string Service,
    string Endpoint,
    string Method,
    int StatusClass,
    string Consumer);
