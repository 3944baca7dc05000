using System.Security.Cryptography;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

/// <summary>
/// A server whose session tokens are signed with a key the test knows, and which trusts one external issuer with a
/// static RSA public key, so tests can mint good and bad tokens of both kinds.
/// </summary>
public sealed class JwtFactory : TollgateFactory
{
    public const string OwnIssuer = "tollgate";
    public const string OwnAudience = "tollgate";
    public const string OwnKeyId = "test-key-1";
    public const string PartnerIssuer = "https://idp.partner.test/";
    public const string PartnerAudience = "tollgate-api";
    public const string PartnerKeyId = "partner-rsa-1";

    public JwtFactory()
    {
        PartnerPublicKeyPem = PartnerKey.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>The HS256 key of Tollgate's own tokens.</summary>
    public byte[] OwnKey { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>The external issuer's private key.</summary>
    public RSA PartnerKey { get; } = RSA.Create(2048);

    /// <summary>The external issuer's public key as configured.</summary>
    public string PartnerPublicKeyPem { get; }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Identity:Jwt:SigningKeys:0:Id"] = OwnKeyId,
        ["Identity:Jwt:SigningKeys:0:Key"] = Convert.ToBase64String(OwnKey),
        ["Identity:Jwt:Issuers:0:Name"] = "partner",
        ["Identity:Jwt:Issuers:0:Issuer"] = PartnerIssuer,
        ["Identity:Jwt:Issuers:0:Audiences:0"] = PartnerAudience,
        ["Identity:Jwt:Issuers:0:Keys:0:Id"] = PartnerKeyId,
        ["Identity:Jwt:Issuers:0:Keys:0:Pem"] = PartnerPublicKeyPem,
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        PartnerKey.Dispose();
    }
}
