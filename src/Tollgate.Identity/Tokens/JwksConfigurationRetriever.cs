using System.Security.Cryptography;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Tollgate.Identity.Tokens;

/// <summary>
/// Reads a bare JSON Web Key Set (not an OpenID discovery document) into the configuration JwtBearer validates with,
/// keeping only public signature keys: RSA of at least 2048 bits and EC.
/// </summary>
internal sealed class JwksConfigurationRetriever(string issuer) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        var document = await retriever.GetDocumentAsync(address, cancel);
        var configuration = new OpenIdConnectConfiguration { Issuer = issuer };
        foreach (var key in new JsonWebKeySet(document).GetSigningKeys())
        {
            if (IsUsable(key))
            {
                configuration.SigningKeys.Add(key);
            }
        }

        // Throwing keeps the last good key set instead of replacing it with an empty one.
        return configuration.SigningKeys.Count > 0
            ? configuration
            : throw new InvalidOperationException($"The key set at {address} has no usable signing key.");
    }

    private static bool IsUsable(SecurityKey key) => key switch
    {
        RsaSecurityKey or JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.RSA } => key.KeySize >= PemPublicKeys.MinRsaBits,
        ECDsaSecurityKey or JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.EllipticCurve } => true,
        X509SecurityKey x509 => x509.PublicKey is not RSA rsa || rsa.KeySize >= PemPublicKeys.MinRsaBits,
        _ => false,
    };
}
