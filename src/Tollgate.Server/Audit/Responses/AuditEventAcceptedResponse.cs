namespace Tollgate.Server.Audit.Responses;

/// <summary>
/// The answer (202) to an audit write when scaled out: the event is durable in the Redis stream and a collector will
/// chain and store it shortly; <c>Location</c> names where it will be readable.
/// </summary>
/// <param name="Id">The event's id (the original one when <paramref name="Replayed"/>).</param>
/// <param name="Replayed">True when the idempotency key or id had been accepted before and nothing new was queued.</param>
internal sealed record AuditEventAcceptedResponse(Guid Id, bool Replayed);
