namespace Tollgate.Server.Analytics.Responses;

/// <summary>The answer to <c>GET /api/analytics/most-used</c>.</summary>
/// <param name="From">The range's effective inclusive start.</param>
/// <param name="To">The range's effective exclusive end.</param>
/// <param name="Endpoints">The endpoints with the most requests, most first.</param>
internal sealed record MostUsedResponse(string From, string To, IReadOnlyList<MostUsedEndpoint> Endpoints);
