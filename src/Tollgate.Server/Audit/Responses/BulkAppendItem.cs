namespace Tollgate.Server.Audit.Responses;

/// <summary>What became of one event of a bulk call.</summary>
/// <param name="Index">The event's position in the request.</param>
/// <param name="EventId">The stored event's id (the original one when replayed).</param>
/// <param name="Sequence">Its position in the tenant's hash chain; null when scaled out (a collector chains it after the answer).</param>
/// <param name="Replayed">True when the event had been stored before under the same idempotency key or id.</param>
internal sealed record BulkAppendItem(int Index, Guid EventId, long? Sequence, bool Replayed);
