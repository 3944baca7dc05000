using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Tollgate.Identity.Tokens;

/// <summary>
/// Picks the JWT scheme for a bearer token from its unverified <c>iss</c>, so each token is validated only against
/// the keys of the issuer it claims. Reading <c>iss</c> before validation is safe: the chosen scheme checks the
/// issuer and signature itself, so a forged <c>iss</c> only selects a scheme that will refuse the token.
/// </summary>
public static class JwtSchemeSelector
{
    // A JWT whose payload is larger than this is no session or service token; the own scheme refuses it.
    private const int MaxPayloadChars = 16 * 1024;

    /// <summary>
    /// The scheme of the external issuer whose <see cref="ExternalIssuerOptions.Issuer"/> equals the token's
    /// <c>iss</c>; otherwise (Tollgate's own issuer, an unknown one, or not a JWT) <see cref="JwtSchemes.Own"/>.
    /// </summary>
    public static string SelectScheme(string token, JwtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var issuer = ReadUnverifiedIssuer(token);
        if (issuer is not null && issuer != options.Issuer)
        {
            foreach (var external in options.Issuers)
            {
                if (string.Equals(external.Issuer, issuer, StringComparison.Ordinal))
                {
                    return JwtSchemes.External(external.Name);
                }
            }
        }

        return JwtSchemes.Own;
    }

    /// <summary>The <c>iss</c> of a compact JWS (header.payload.signature), without checking anything else; null when there is none.</summary>
    internal static string? ReadUnverifiedIssuer(ReadOnlySpan<char> token)
    {
        var firstDot = token.IndexOf('.');
        if (firstDot <= 0)
        {
            return null;
        }

        var rest = token[(firstDot + 1)..];
        var secondDot = rest.IndexOf('.');
        if (secondDot <= 0 || secondDot > MaxPayloadChars || rest[(secondDot + 1)..].Contains('.'))
        {
            return null;
        }

        var payload = rest[..secondDot];
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(payload.Length));
        try
        {
            // DecodeFromChars reports bad input; TryDecodeFromChars would throw on it.
            var status = Base64Url.DecodeFromChars(payload, buffer, out _, out var length);
            return status == OperationStatus.Done ? ReadIssuer(buffer.AsSpan(0, length)) : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? ReadIssuer(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isIssuer = reader.ValueTextEquals("iss"u8);
                reader.Read();
                if (isIssuer)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
