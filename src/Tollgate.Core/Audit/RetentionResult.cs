namespace Tollgate.Core.Audit;

/// <summary>The outcome of a retention run.</summary>
/// <param name="Deleted">How many events were deleted.</param>
/// <param name="Checkpoint">The tenant's checkpoint after the run; null when nothing has ever been deleted.</param>
public sealed record RetentionResult(long Deleted, ChainCheckpoint? Checkpoint);
