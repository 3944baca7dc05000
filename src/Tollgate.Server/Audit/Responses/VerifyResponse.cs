namespace Tollgate.Server.Audit.Responses;

/// <summary>The answer to <c>GET /api/v1/logs/verify</c>.</summary>
/// <param name="Ok">True when every event verified.</param>
/// <param name="Verified">Events checked before the first break (all of them when ok).</param>
/// <param name="FirstBrokenSequence">The first sequence number that does not verify; null when ok.</param>
/// <param name="Reason">Why it does not verify; null when ok.</param>
/// <param name="Head">The end of the chain.</param>
/// <param name="Checkpoint">The retention checkpoint verification started from, if any.</param>
internal sealed record VerifyResponse(
    bool Ok,
    long Verified,
    long? FirstBrokenSequence,
    string? Reason,
    ChainHeadResponse Head,
    CheckpointResponse? Checkpoint);
