namespace Tollgate.Server.Audit.Responses;

/// <summary>The answer to <c>DELETE /api/v1/logs/cleanup</c>.</summary>
/// <param name="Deleted">Events deleted by this call.</param>
/// <param name="Checkpoint">The tenant's checkpoint after the call; null when nothing was ever deleted.</param>
internal sealed record CleanupResponse(long Deleted, CheckpointResponse? Checkpoint);
