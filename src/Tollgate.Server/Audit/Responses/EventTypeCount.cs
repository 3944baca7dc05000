namespace Tollgate.Server.Audit.Responses;

/// <summary>Events of one type.</summary>
/// <param name="EventType">The event type.</param>
/// <param name="Count">How many.</param>
internal sealed record EventTypeCount(string EventType, long Count);
