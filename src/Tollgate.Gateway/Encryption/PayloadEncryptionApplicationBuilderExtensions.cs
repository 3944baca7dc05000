using Tollgate.Gateway.Encryption;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds payload decryption and encryption to a gateway route pipeline.</summary>
public static class PayloadEncryptionApplicationBuilderExtensions
{
    /// <summary>
    /// Applies the route's <c>GatewayRoutePolicy.Encryption</c>: request envelopes are decrypted into plain JSON for the
    /// upstream (a bad one is answered 400, 413 or 415 and nothing is forwarded), and the upstream's response bodies are
    /// encrypted into envelopes (502 when that is impossible). The gateway's own error answers are never encrypted.
    /// Does nothing for requests without an <c>IGatewayRouteFeature</c> or whose route encrypts nothing. Call inside
    /// <c>MapReverseProxy</c>, before <c>UseTollgateSchemaValidation</c> and anything that captures bodies. Needs
    /// <c>AddTollgatePayloadEncryption</c> and problem details (<c>AddProblemDetails</c>).
    /// </summary>
    public static IApplicationBuilder UseTollgatePayloadEncryption(this IApplicationBuilder app) =>
        app.UseMiddleware<PayloadEncryptionMiddleware>();
}
