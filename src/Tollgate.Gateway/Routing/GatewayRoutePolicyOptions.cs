using Tollgate.Gateway.Capture;
using Tollgate.Gateway.Encryption;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// Tollgate's policy of one route, bound from <c>Gateway:Routes:{id}:Policy</c>, beside YARP's own route settings.
/// Everything is optional; an absent policy means: any Tollgate credential, no scopes, no validation, no encryption,
/// no rate limit, the global capture settings.
/// </summary>
public sealed class GatewayRoutePolicyOptions
{
    /// <summary>The configuration key of a route's policy, under the route's section.</summary>
    public const string SectionName = "Policy";

    /// <summary>
    /// Accepted credentials: <c>none</c>, or any of <c>jwt</c>, <c>apikey</c>, <c>hmac</c> joined by commas
    /// (<c>jwt,hmac</c>). Default <c>jwt,apikey</c>: secure unless a route says otherwise.
    /// </summary>
    public string? Auth { get; set; }

    /// <summary>Scopes the caller must all hold (built-in or custom such as <c>orders:write</c>). Default none.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The tenant anonymous calls (routes with <c>Auth: none</c>) are recorded under. Default <c>default</c>.</summary>
    public string? Tenant { get; set; }

    /// <summary>JSON Schema files for request bodies by HTTP method (<c>{"POST": "schemas/order.json"}</c>); relative paths start at the working directory.</summary>
    public Dictionary<string, string> Schema { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Which directions carry encrypted envelopes. Default <see cref="PayloadEncryptionMode.None"/>.</summary>
    public PayloadEncryptionMode Encryption { get; set; }

    /// <summary>A named rate-limit policy (<c>ingest</c>, <c>query</c>, <c>admin</c>, <c>auth</c>). Default none.</summary>
    public string? RateLimit { get; set; }

    /// <summary>Capture settings that override or extend <c>Gateway:Capture</c> for this route.</summary>
    public CaptureOptions? Capture { get; set; }
}
