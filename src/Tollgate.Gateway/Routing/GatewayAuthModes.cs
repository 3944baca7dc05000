namespace Tollgate.Gateway.Routing;

/// <summary>Which credentials a route accepts; a route naming several accepts any of them.</summary>
[Flags]
public enum GatewayAuthModes
{
    /// <summary>Anonymous calls are let through.</summary>
    None = 0,

    /// <summary>A JWT: a Tollgate session token or a token from a configured external issuer.</summary>
    Jwt = 1,

    /// <summary>A Tollgate API key, signed or not.</summary>
    ApiKey = 2,

    /// <summary>A Tollgate API key on an HMAC-signed request.</summary>
    Hmac = 4,
}
