using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Server.Health;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the health endpoints.</summary>
public static class HealthEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /health</c> (liveness: 200 whenever the process serves requests; runs no check) and
    /// <c>GET /health/ready</c> (readiness: 503 until every check tagged <c>ready</c> passes).
    /// </summary>
    public static IEndpointRouteBuilder MapTollgateHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        })
            .WithTags("Health")
            .WithDisplayName("Liveness")
            .AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthServiceCollectionExtensions.ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        })
            .WithTags("Health")
            .WithDisplayName("Readiness")
            .AllowAnonymous();
        return endpoints;
    }
}
