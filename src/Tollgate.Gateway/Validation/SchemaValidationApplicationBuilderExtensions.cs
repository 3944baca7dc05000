using Tollgate.Gateway.Validation;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds request-body JSON Schema validation to a gateway route pipeline.</summary>
public static class SchemaValidationApplicationBuilderExtensions
{
    /// <summary>
    /// Checks the request body against the route's schema for its method (<c>GatewayRoutePolicy.Schemas</c>) and
    /// answers 400, 413 or 415 problem details without calling the upstream when it does not conform; a conforming
    /// body goes on byte for byte. Does nothing for requests without an <c>IGatewayRouteFeature</c> or whose route has
    /// no schema for the method. Call inside <c>MapReverseProxy</c>, after <c>UseTollgatePayloadEncryption</c> (so the
    /// decrypted body is what is checked). Needs <c>AddTollgateSchemaValidation</c>.
    /// </summary>
    public static IApplicationBuilder UseTollgateSchemaValidation(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestSchemaValidationMiddleware>();
}
