using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Tollgate.Identity.Tokens;

/// <summary>Reads an external issuer's static public keys from PEM text: RSA of 2048 bits or more, or EC.</summary>
internal static class PemPublicKeys
{
    /// <summary>The smallest RSA key accepted (NIST SP 800-131A).</summary>
    public const int MinRsaBits = 2048;

    /// <summary>Why <paramref name="pem"/> is not a usable public key, or null when it is.</summary>
    public static string? Check(string? pem)
    {
        using var key = Import(pem, out var error);
        return error;
    }

    /// <summary>The key in <paramref name="pem"/>, tagged with <paramref name="keyId"/>; throws when it is not usable.</summary>
    public static SecurityKey Load(string pem, string keyId)
    {
        var key = Import(pem, out var error) ?? throw new InvalidOperationException(error);
        if (key is RSA rsa)
        {
            using (rsa)
            {
                return new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false)) { KeyId = keyId };
            }
        }

        return new ECDsaSecurityKey((ECDsa)key) { KeyId = keyId };
    }

    private static AsymmetricAlgorithm? Import(string? pem, out string? error)
    {
        if (string.IsNullOrWhiteSpace(pem) || !PemEncoding.TryFind(pem, out var fields))
        {
            error = "is not PEM text";
            return null;
        }

        var label = pem.AsSpan()[fields.Label];
        var isRsaLabel = label.SequenceEqual("RSA PUBLIC KEY");
        if (!isRsaLabel && !label.SequenceEqual("PUBLIC KEY"))
        {
            error = $"must be a PUBLIC KEY, not {label}";
            return null;
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan()[fields.Base64Data], der, out _))
        {
            error = "is not valid base64 inside the PEM block";
            return null;
        }

        var rsa = RSA.Create();
        try
        {
            if (isRsaLabel)
            {
                rsa.ImportRSAPublicKey(der, out _);
            }
            else
            {
                rsa.ImportSubjectPublicKeyInfo(der, out _);
            }

            var bits = rsa.KeySize;
            if (bits < MinRsaBits)
            {
                rsa.Dispose();
                error = $"is an RSA key of {bits} bits; at least {MinRsaBits} are required";
                return null;
            }

            error = null;
            return rsa;
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
        }

        if (!isRsaLabel)
        {
            var ecdsa = ECDsa.Create();
            try
            {
                ecdsa.ImportSubjectPublicKeyInfo(der, out _);
                error = null;
                return ecdsa;
            }
            catch (CryptographicException)
            {
                ecdsa.Dispose();
            }
        }

        error = "is neither an RSA nor an EC public key";
        return null;
    }
}
