namespace Tollgate.Server.Analytics.Responses;

/// <summary>The answer to <c>GET /api/analytics/error-rates</c>.</summary>
/// <param name="From">The range's effective inclusive start.</param>
/// <param name="To">The range's effective exclusive end.</param>
/// <param name="Endpoints">Every endpoint called (up to the limit), highest error rate first, then most requests.</param>
internal sealed record ErrorRatesResponse(string From, string To, IReadOnlyList<EndpointErrorRate> Endpoints);
