namespace Tollgate.Identity.Tokens;

/// <summary>
/// Session tokens Tollgate issues and the external issuers whose tokens it accepts, bound from <c>Identity:Jwt</c>
/// and validated at start-up, so a weak key or an unsafe algorithm stops the server instead of weakening it.
/// </summary>
public sealed class JwtOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Identity:Jwt";

    /// <summary>The <c>iss</c> of Tollgate's own tokens. Default <c>tollgate</c>.</summary>
    public string Issuer { get; set; } = "tollgate";

    /// <summary>The <c>aud</c> of Tollgate's own tokens. Default <c>tollgate</c>.</summary>
    public string Audience { get; set; } = "tollgate";

    /// <summary>How long an access token works; short, because it cannot be revoked. 1 minute to 24 hours, default 15 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token works after it is issued. 1 hour to 365 days, default 30 days.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Tolerated clock difference when checking <c>exp</c> and <c>nbf</c>. At most 5 minutes, default 30 seconds.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// HS256 keys of Tollgate's own tokens: the first signs, all validate. To rotate, add a new first entry and drop
    /// the old one once the tokens it signed have expired. Empty (the default): one key derived from the master key,
    /// with key id <c>mk1</c>.
    /// </summary>
    public IList<JwtSigningKeyOptions> SigningKeys { get; } = new List<JwtSigningKeyOptions>();

    /// <summary>External issuers whose tokens authenticate services; each gets its own scheme (<see cref="JwtSchemes.External"/>).</summary>
    public IList<ExternalIssuerOptions> Issuers { get; } = new List<ExternalIssuerOptions>();
}
