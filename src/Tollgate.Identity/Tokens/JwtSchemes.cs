namespace Tollgate.Identity.Tokens;

/// <summary>Names of the JWT authentication schemes: one for Tollgate's own sessions, one per external issuer.</summary>
public static class JwtSchemes
{
    /// <summary>Tollgate's own access tokens.</summary>
    public const string Own = "Tollgate.Jwt";

    /// <summary>Prefix of an external issuer's scheme; the issuer's name follows.</summary>
    public const string ExternalPrefix = "Tollgate.Jwt.";

    /// <summary>The scheme of the external issuer named <paramref name="name"/>.</summary>
    public static string External(string name) => ExternalPrefix + name;
}
