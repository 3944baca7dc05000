namespace Tollgate.Identity.Tokens;

/// <summary>
/// An identity provider whose tokens authenticate services (an entry of <c>Identity:Jwt:Issuers</c>). Its tokens are
/// checked with its public keys only, and grant at most the tenant scopes <c>ingest</c>, <c>read</c> and <c>admin</c>.
/// </summary>
public sealed class ExternalIssuerOptions
{
    /// <summary>Names the scheme (<c>Tollgate.Jwt.&lt;name&gt;</c>): 1–32 of <c>a-z</c>, <c>0-9</c> and <c>-</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The exact <c>iss</c> of the issuer's tokens.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Accepted <c>aud</c> values; at least one.</summary>
    public IList<string> Audiences { get; } = new List<string>();

    /// <summary>
    /// Where the issuer publishes its JSON Web Key Set: https, or http to a loopback host. Fetched on first use, every
    /// hour, and when a token names an unknown key id. Exactly one of this and <see cref="Keys"/> is required.
    /// </summary>
    public string? JwksUrl { get; set; }

    /// <summary>Static public keys, for issuers without a JWKS endpoint.</summary>
    public IList<ExternalIssuerKeyOptions> Keys { get; } = new List<ExternalIssuerKeyOptions>();

    /// <summary>
    /// Accepted signature algorithms, from RS256/384/512, PS256/384/512 and ES256/384/512. Empty (the default) means
    /// RS256. <c>none</c> and HMAC algorithms are refused: a public key must never be usable as a shared secret.
    /// </summary>
    public IList<string> Algorithms { get; } = new List<string>();

    /// <summary>The claim holding the tenant id. Default <c>tid</c>; ignored when <see cref="Tenant"/> is set.</summary>
    public string TenantClaim { get; set; } = "tid";

    /// <summary>A fixed tenant for every token of this issuer, instead of reading <see cref="TenantClaim"/>.</summary>
    public string? Tenant { get; set; }

    /// <summary>
    /// The claim holding scopes, as a space-separated string or a JSON array. Default <c>scope</c>. Role names
    /// (e.g. <c>writer</c>) expand to their scopes; <c>platform</c> is never granted.
    /// </summary>
    public string ScopeClaim { get; set; } = "scope";

    /// <summary>The claim identifying the caller. Default <c>sub</c>.</summary>
    public string SubjectClaim { get; set; } = "sub";
}
