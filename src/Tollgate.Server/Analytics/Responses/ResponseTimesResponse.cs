namespace Tollgate.Server.Analytics.Responses;

/// <summary>The answer to <c>GET /api/analytics/response-times</c>.</summary>
/// <param name="From">The range's effective inclusive start.</param>
/// <param name="To">The range's effective exclusive end.</param>
/// <param name="Endpoints">Every endpoint called (up to the limit), slowest mean first.</param>
internal sealed record ResponseTimesResponse(string From, string To, IReadOnlyList<EndpointResponseTimes> Endpoints);
