namespace Tollgate.Core.Audit;

/// <summary>
/// What retention leaves behind: the sequence number and hash of the last deleted event, so the chain of what
/// remains still verifies from there.
/// </summary>
/// <param name="Sequence">The last deleted sequence number.</param>
/// <param name="Hash">That event's hash (32 bytes).</param>
/// <param name="CreatedAt">When the checkpoint was recorded.</param>
public sealed record ChainCheckpoint(long Sequence, ReadOnlyMemory<byte> Hash, DateTimeOffset CreatedAt);
