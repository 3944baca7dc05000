namespace Tollgate.Identity.Tokens;

/// <summary>One HS256 key of Tollgate's own tokens (an entry of <c>Identity:Jwt:SigningKeys</c>).</summary>
public sealed class JwtSigningKeyOptions
{
    /// <summary>The key id (<c>kid</c> header) that tells validators which key signed a token.</summary>
    public string Id { get; set; } = "";

    /// <summary>Base64 of at least 32 random bytes. A secret: keep it out of files under version control.</summary>
    public string Key { get; set; } = "";
}
