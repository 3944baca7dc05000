namespace Tollgate.Server.Requests.Responses;

/// <summary>One page of <c>GET /api/requests</c>, newest first.</summary>
/// <param name="Requests">The requests (seed 004's member name).</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; null on the last page.</param>
internal sealed record RequestPageResponse(IReadOnlyList<RequestResponse> Requests, string? NextCursor);
