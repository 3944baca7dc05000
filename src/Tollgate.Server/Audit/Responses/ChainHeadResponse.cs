namespace Tollgate.Server.Audit.Responses;

/// <summary>The end of a tenant's hash chain.</summary>
/// <param name="Sequence">The last sequence number (0 when no event was ever stored).</param>
/// <param name="Hash">The last hash, lowercase hex.</param>
internal sealed record ChainHeadResponse(long Sequence, string Hash);
