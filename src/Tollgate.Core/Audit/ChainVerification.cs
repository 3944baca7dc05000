namespace Tollgate.Core.Audit;

/// <summary>The outcome of recomputing a tenant's hash chain.</summary>
/// <param name="Ok">True when every event verified.</param>
/// <param name="Verified">Events checked before the first break (all of them when <paramref name="Ok"/>).</param>
/// <param name="FirstBrokenSequence">The first sequence number that does not verify; null when ok.</param>
/// <param name="Reason">Why it does not verify; null when ok.</param>
/// <param name="HeadSequence">The last sequence number of the chain (0 when empty).</param>
/// <param name="HeadHash">The hash of the last event (the checkpoint's, or 32 zero bytes, when no event remains).</param>
/// <param name="Checkpoint">The retention checkpoint verification started from, if any.</param>
public sealed record ChainVerification(
    bool Ok,
    long Verified,
    long? FirstBrokenSequence,
    string? Reason,
    long HeadSequence,
    ReadOnlyMemory<byte> HeadHash,
    ChainCheckpoint? Checkpoint);
