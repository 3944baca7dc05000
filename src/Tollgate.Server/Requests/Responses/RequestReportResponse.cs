namespace Tollgate.Server.Requests.Responses;

/// <summary>The answer to <c>POST /api/v1/requests</c>, sent once the records are durable.</summary>
/// <param name="Accepted">How many records the call carried; all of them are stored (or were stored before).</param>
/// <param name="Ids">The record ids in request order: the ones sent, or the ones the server assigned.</param>
internal sealed record RequestReportResponse(int Accepted, IReadOnlyList<Guid> Ids);
