using Tollgate.Core.Audit;

namespace Tollgate.Server.Audit.Responses;

/// <summary>A retention checkpoint: where the chain of what remains starts.</summary>
/// <param name="Sequence">The last deleted sequence number.</param>
/// <param name="Hash">That event's hash, lowercase hex.</param>
/// <param name="CreatedAt">When the checkpoint was recorded (UTC, RFC 3339).</param>
internal sealed record CheckpointResponse(long Sequence, string Hash, string CreatedAt)
{
    public static CheckpointResponse? From(ChainCheckpoint? checkpoint) => checkpoint is null
        ? null
        : new(checkpoint.Sequence, Convert.ToHexStringLower(checkpoint.Hash.Span), AuditEventReader.Format(checkpoint.CreatedAt));
}
