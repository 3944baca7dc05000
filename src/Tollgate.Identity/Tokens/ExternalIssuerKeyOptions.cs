namespace Tollgate.Identity.Tokens;

/// <summary>One static public key of an external issuer (an entry of <c>Identity:Jwt:Issuers:&lt;n&gt;:Keys</c>).</summary>
public sealed class ExternalIssuerKeyOptions
{
    /// <summary>The key id (<c>kid</c>) the issuer puts in its tokens' headers.</summary>
    public string Id { get; set; } = "";

    /// <summary>The public key as PEM text (<c>PUBLIC KEY</c> or <c>RSA PUBLIC KEY</c>), RSA of at least 2048 bits or EC P-256/384/521.</summary>
    public string Pem { get; set; } = "";
}
