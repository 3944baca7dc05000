using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tollgate.Server.Tests.Identity;

/// <summary>Builds tokens the way an honest or a hostile issuer would.</summary>
public static class Jwts
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A token signed with <paramref name="credentials"/>, valid from <paramref name="notBefore"/> to <paramref name="expires"/>.</summary>
    public static string Create(
        SigningCredentials credentials,
        IDictionary<string, object> claims,
        string issuer,
        string audience,
        DateTimeOffset notBefore,
        DateTimeOffset expires) =>
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
    public static string Create(SigningCredentials credentials, IDictionary<string, object> claims, string issuer, string audience)
    {
        var now = DateTimeOffset.UtcNow;
        return Create(credentials, claims, issuer, audience, now.AddMinutes(-1), now.AddMinutes(10));
    }

    public static SigningCredentials Hs256(byte[] key, string keyId) =>
        new(new SymmetricSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.HmacSha256);

    public static SigningCredentials Rs256(RSA key, string keyId) =>
        new(new RsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);

    /// <summary>The claims of a user session as Tollgate writes them.</summary>
    public static Dictionary<string, object> UserClaims(string tenant, string role, string scope) => new()
    {
        ["sub"] = Guid.NewGuid().ToString("D"),
        ["tid"] = tenant,
        ["role"] = role,
        ["scope"] = scope,
        ["tg:kind"] = "user",
    };

    /// <summary>A full payload (registered times around now) for tokens built by hand.</summary>
    public static Dictionary<string, object> Payload(string issuer, string audience, IDictionary<string, object> claims)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object>(claims)
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(10).ToUnixTimeSeconds(),
        };
    }

    /// <summary>A compact JWS built by hand, so the header can say anything; <paramref name="sign"/> null leaves the signature empty.</summary>
    public static string ByHand(object header, object payload, Func<byte[], byte[]>? sign)
    {
        var signingInput = Encode(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Encode(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = sign is null ? "" : Encode(sign(Encoding.ASCII.GetBytes(signingInput)));
        return signingInput + "." + signature;
    }

    /// <summary><paramref name="token"/> with its payload changed and its original signature kept.</summary>
    public static string Tamper(string token, Action<JsonObject> change)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        change(payload);
        parts[1] = Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return string.Join('.', parts);
    }

    public static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
