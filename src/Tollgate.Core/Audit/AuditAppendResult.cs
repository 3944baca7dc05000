namespace Tollgate.Core.Audit;

/// <summary>The outcome of appending one event.</summary>
/// <param name="EventId">The id of the stored event (the original one when <paramref name="Replayed"/>).</param>
/// <param name="Sequence">The event's position in its tenant's chain.</param>
/// <param name="Replayed">True when an event with the same idempotency key already existed and was returned instead.</param>
public readonly record struct AuditAppendResult(Guid EventId, long Sequence, bool Replayed);
