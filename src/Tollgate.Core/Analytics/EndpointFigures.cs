namespace Tollgate.Core.Analytics;

/// <summary>The figures of one endpoint: a service's method and route template (or folded path).</summary>
/// <param name="Service">The service that answered.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Endpoint">The route template, or the path with ids folded to <c>{id}</c> (see <see cref="EndpointNames"/>).</param>
/// <param name="Figures">Its requests' figures.</param>
public sealed record EndpointFigures(string Service, string Method, string Endpoint, RequestFigures Figures);
