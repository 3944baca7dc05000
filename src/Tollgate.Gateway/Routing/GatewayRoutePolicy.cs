using Tollgate.Gateway.Capture;
using Tollgate.Gateway.Encryption;
using Tollgate.Gateway.Validation;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// A route's Tollgate policy, compiled from <c>Gateway:Routes:{id}:Policy</c> once per configuration load (schema
/// files read and compiled, redaction rules built), so nothing is parsed on the request path.
/// </summary>
public sealed class GatewayRoutePolicy
{
    /// <summary>The YARP route id.</summary>
    public required string RouteId { get; init; }

    /// <summary>Credentials the route accepts; <see cref="GatewayAuthModes.None"/> lets anonymous calls through.</summary>
    public required GatewayAuthModes Auth { get; init; }

    /// <summary>Scopes the caller must hold, all of them.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>The tenant anonymous calls are recorded under.</summary>
    public required string AnonymousTenant { get; init; }

    /// <summary>Which directions carry encrypted envelopes.</summary>
    public required PayloadEncryptionMode Encryption { get; init; }

    /// <summary>The named rate-limit policy, or null for none.</summary>
    public string? RateLimitPolicy { get; init; }

    /// <summary>Request body schemas by method, or null when the route validates nothing.</summary>
    public RequestSchemaSet? Schemas { get; init; }

    /// <summary>What is captured of each exchange and how it is redacted.</summary>
    public required CapturePolicy Capture { get; init; }
}
