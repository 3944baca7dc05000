using Scalar.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the OpenAPI document and the API reference page.</summary>
public static class OpenApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>/openapi/v1.json</c> and an interactive reference at <c>/docs</c>. The page's script comes from the
    /// Scalar package itself; CDN fonts, telemetry and the AI agent are off, so a self-hosted install calls nobody.
    /// </summary>
    public static IEndpointRouteBuilder MapTollgateOpenApi(this IEndpointRouteBuilder endpoints)
    {
        // The API's description is public, like any published API reference; every operation it lists needs credentials.
        endpoints.MapOpenApi().AllowAnonymous();
        endpoints.MapScalarApiReference("/docs", options => options
            .WithTitle("Tollgate API")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp())
            .AllowAnonymous();
        return endpoints;
    }
}
