namespace Tollgate.Server.Audit.Responses;

/// <summary>The answer to seed 002's <c>POST /events</c>.</summary>
/// <param name="Message">A human-readable confirmation.</param>
/// <param name="EventId">The stored event's id.</param>
internal sealed record SeedEventCreatedResponse(string Message, Guid EventId);
