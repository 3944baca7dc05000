namespace Tollgate.AnalyticsLoad;

/// <summary>
/// One route of the generated traffic: who serves it, its share of the requests, and the shape of its latencies and
/// bodies. Latencies are lognormal: <see cref="MedianMilliseconds"/> is e^μ, <see cref="Sigma"/> is σ.
/// </summary>
/// <param name="Service">The service (the gateway cluster) that answers.</param>
/// <param name="RouteId">The gateway route id.</param>
/// <param name="Method">The route's one HTTP method.</param>
/// <param name="Template">The path template; <c>{id}</c> is replaced by a number in each request's path.</param>
/// <param name="Weight">Relative share of the requests.</param>
/// <param name="MedianMilliseconds">Median latency of a successful request.</param>
/// <param name="Sigma">Spread of the latency's logarithm.</param>
/// <param name="ResponseBytes">Median response body size of a successful request.</param>
/// <param name="RequestBytes">Median request body size; 0 for a route without a body.</param>
/// <param name="QueryName">The one query parameter the route takes (<c>page</c> or <c>q</c>), or null.</param>
internal sealed record RouteProfile(
    string Service,
    string RouteId,
    string Method,
    string Template,
    double Weight,
    double MedianMilliseconds,
    double Sigma,
    int ResponseBytes,
    int RequestBytes = 0,
    string? QueryName = null)
{
    /// <summary>The template before <c>{id}</c> (all of it when there is none).</summary>
    public string PathPrefix { get; } = Template.Split("{id}")[0];

    /// <summary>The template after <c>{id}</c>; null when there is none.</summary>
    public string? PathSuffix { get; } = Template.Contains("{id}", StringComparison.Ordinal) ? Template.Split("{id}")[1] : null;

    /// <summary>The status of a successful request: 201 for POST, 204 for DELETE, 200 otherwise.</summary>
    public int SuccessStatus { get; } = Method switch
    {
        "POST" => 201,
        "DELETE" => 204,
        _ => 200,
    };
}
