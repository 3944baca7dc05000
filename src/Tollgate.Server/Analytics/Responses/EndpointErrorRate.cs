using Tollgate.Core.Analytics;

namespace Tollgate.Server.Analytics.Responses;

/// <summary>One entry of <c>GET /api/analytics/error-rates</c> (seed 004's member names, plus server errors).</summary>
/// <param name="Service">The service that answered.</param>
/// <param name="Endpoint">The route template, or the path with ids folded to <c>{id}</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Total">Requests.</param>
/// <param name="Errors">Requests answered with a status of 400 or above.</param>
/// <param name="ServerErrors">Requests answered with a status of 500 or above.</param>
/// <param name="ErrorRate">Errors per hundred requests, to 2 decimals.</param>
internal sealed record EndpointErrorRate(string Service, string Endpoint, string Method, long Total, long Errors, long ServerErrors, double ErrorRate)
{
    public static EndpointErrorRate From(EndpointFigures endpoint) => new(
        endpoint.Service,
        endpoint.Endpoint,
        endpoint.Method,
        endpoint.Figures.Count,
        endpoint.Figures.Errors,
        endpoint.Figures.ServerErrors,
        endpoint.Figures.ErrorRate);
}
