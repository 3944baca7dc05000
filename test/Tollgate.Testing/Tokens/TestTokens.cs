using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tollgate.Testing.Tokens;

/// <summary>Builds tokens the way an honest or a hostile issuer would, and the key material to check them with.</summary>
public static class TestTokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A token signed with <paramref name="credentials"/>, valid from <paramref name="notBefore"/> to <paramref name="expires"/>.</summary>
    public static string Mint(
        SigningCredentials credentials, IDictionary<string, object> claims, string issuer, string audience,
        DateTimeOffset notBefore, DateTimeOffset expires) =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore.UtcDateTime,
            NotBefore = notBefore.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = credentials,
            Claims = claims,
        });

    /// <summary>A token valid from a minute ago for ten minutes.</summary>
    public static string Mint(SigningCredentials credentials, IDictionary<string, object> claims, string issuer, string audience)
    {
        var now = DateTimeOffset.UtcNow;
        return Mint(credentials, claims, issuer, audience, now.AddMinutes(-1), now.AddMinutes(10));
    }

    public static SigningCredentials Hs256(byte[] key, string keyId) =>
        new(new SymmetricSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.HmacSha256);

    public static SigningCredentials Rsa(RSA key, string keyId, string algorithm = SecurityAlgorithms.RsaSha256) =>
        new(new RsaSecurityKey(key) { KeyId = keyId }, algorithm);

    public static SigningCredentials Ec(ECDsa key, string keyId, string algorithm = SecurityAlgorithms.EcdsaSha256) =>
        new(new ECDsaSecurityKey(key) { KeyId = keyId }, algorithm);

    /// <summary>The claims of a user session as Tollgate writes them.</summary>
    public static Dictionary<string, object> UserClaims(string tenant, string role, string scope) => new()
    {
        ["sub"] = Guid.NewGuid().ToString("D"),
        ["tid"] = tenant,
        ["role"] = role,
        ["scope"] = scope,
        ["tg:kind"] = "user",
    };

    /// <summary>Claims of a token as an issuer would write them, with the registered times set around now.</summary>
    public static Dictionary<string, object> Payload(string issuer, string audience, IDictionary<string, object> claims)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new Dictionary<string, object>(claims)
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(10).ToUnixTimeSeconds(),
        };
        return payload;
    }

    /// <summary>A compact JWS built by hand, so the header can say anything; <paramref name="sign"/> null leaves the signature empty.</summary>
    public static string Jws(object header, object payload, Func<byte[], byte[]>? sign)
    {
        var signingInput = Encode(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Encode(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = sign is null ? "" : Encode(sign(Encoding.ASCII.GetBytes(signingInput)));
        return signingInput + "." + signature;
    }

    /// <summary>An unsigned token (<c>alg: none</c>).</summary>
    public static string WithoutSignature(object payload) => Jws(new Dictionary<string, string> { ["alg"] = "none", ["typ"] = "JWT" }, payload, sign: null);

    /// <summary>An HS256 token keyed with <paramref name="secret"/>: what an attacker builds from a public key.</summary>
    public static string Hs256ByHand(byte[] secret, string keyId, object payload) => Jws(
        new Dictionary<string, string> { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = keyId },
        payload,
        input => HMACSHA256.HashData(secret, input));

    /// <summary><paramref name="token"/> with its payload changed but its original signature kept.</summary>
    public static string Tamper(string token, Action<JsonObject> change)
    {
        var parts = token.Split('.');
        var payload = PayloadOf(token);
        change(payload);
        parts[1] = Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return string.Join('.', parts);
    }

    public static JsonObject HeaderOf(string token) => Decode(token.Split('.')[0]);

    public static JsonObject PayloadOf(string token) => Decode(token.Split('.')[1]);

    /// <summary>A JSON Web Key Set publishing the public halves of <paramref name="keys"/>.</summary>
    public static string Jwks(params (string KeyId, AsymmetricAlgorithm Key)[] keys)
    {
        var entries = new JsonArray();
        foreach (var (keyId, key) in keys)
        {
            entries.Add(key switch
            {
                RSA rsa => RsaJwk(keyId, rsa.ExportParameters(includePrivateParameters: false)),
                ECDsa ecdsa => EcJwk(keyId, ecdsa.ExportParameters(includePrivateParameters: false)),
                _ => throw new ArgumentException("RSA or ECDsa keys only.", nameof(keys)),
            });
        }

        return new JsonObject { ["keys"] = entries }.ToJsonString();
    }

    public static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private static JsonObject RsaJwk(string keyId, RSAParameters parameters) => new()
    {
        ["kty"] = "RSA",
        ["use"] = "sig",
        ["kid"] = keyId,
        ["n"] = Encode(parameters.Modulus!),
        ["e"] = Encode(parameters.Exponent!),
    };

    private static JsonObject EcJwk(string keyId, ECParameters parameters) => new()
    {
        ["kty"] = "EC",
        ["use"] = "sig",
        ["kid"] = keyId,
        ["crv"] = "P-" + (parameters.Q.X!.Length == 66 ? 521 : parameters.Q.X.Length * 8),
        ["x"] = Encode(parameters.Q.X),
        ["y"] = Encode(parameters.Q.Y!),
    };

    private static JsonObject Decode(string part) => JsonNode.Parse(Base64Url.DecodeFromChars(part))!.AsObject();
}
