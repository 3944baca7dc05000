using Tollgate.Core.Analytics;

namespace Tollgate.Server.Analytics.Responses;

/// <summary>One entry of <c>GET /api/analytics/most-used</c>.</summary>
/// <param name="Service">The service that answered.</param>
/// <param name="Endpoint">The route template, or the path with ids folded to <c>{id}</c> (seed 004's name).</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Count">Requests.</param>
internal sealed record MostUsedEndpoint(string Service, string Endpoint, string Method, long Count)
{
    public static MostUsedEndpoint From(EndpointFigures endpoint) =>
        new(endpoint.Service, endpoint.Endpoint, endpoint.Method, endpoint.Figures.Count);
}
