using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Identity.Secrets;

/// <summary>
/// The secrets Tollgate hands out: API keys (<c>tg_</c>), refresh tokens (<c>tgr_</c>) and HMAC signing secrets
/// (<c>tgs_</c>). Each is a prefix and 32 random bytes in fixed-width base62, so it is URL- and header-safe, can be
/// double-clicked as one word, and its kind is visible to people and to secret scanners.
/// </summary>
public static class SecretTokens
{
    /// <summary>Random bytes in every secret.</summary>
    internal const int RandomBytes = 32;

    /// <summary>Base62 digits of <see cref="RandomBytes"/> bytes: 62^43 &gt; 2^256, so 43 always suffice.</summary>
    internal const int EncodedLength = 43;

    /// <summary>The base62 digits, in value order; '0' is zero, so shorter numbers are left-padded with '0'.</summary>
    internal const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private const string ApiKeyPrefix = "tg_";
    private const string RefreshTokenPrefix = "tgr_";
    private const string SigningSecretPrefix = "tgs_";
    private const int ShownPrefixLength = 12;

    /// <summary>A new API key: <c>tg_</c> and 43 base62 characters.</summary>
    public static string NewApiKey() => NewSecret(ApiKeyPrefix);

    /// <summary>A new refresh token: <c>tgr_</c> and 43 base62 characters.</summary>
    public static string NewRefreshToken() => NewSecret(RefreshTokenPrefix);

    /// <summary>A new HMAC signing secret: <c>tgs_</c> and 43 base62 characters. Clients use the whole string as the key.</summary>
    public static string NewSigningSecret() => NewSecret(SigningSecretPrefix);

    /// <summary>
    /// What is stored instead of a key or token: SHA-256 of its UTF-8 bytes. The secrets carry 256 random bits, so a
    /// fast unsalted hash is enough; it also makes lookup by hash possible.
    /// </summary>
    public static byte[] Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>
    /// True when <paramref name="value"/> has the shape of an API key (<c>tg_</c> and exactly 43 base62 characters).
    /// Lets a caller tell an API key from a JWT before any lookup.
    /// </summary>
    public static bool LooksLikeApiKey(ReadOnlySpan<char> value)
    {
        if (value.Length != ApiKeyPrefix.Length + EncodedLength || !value.StartsWith(ApiKeyPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value[ApiKeyPrefix.Length..])
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first 12 characters of an API key, shown in lists so people can tell keys apart.</summary>
    public static string PrefixOf(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        if (apiKey.Length < ShownPrefixLength)
        {
            throw new ArgumentException($"An API key has at least {ShownPrefixLength} characters.", nameof(apiKey));
        }

        return apiKey[..ShownPrefixLength];
    }

    /// <summary>
    /// Writes <paramref name="bytes"/>, read as a big-endian unsigned number, as exactly <paramref name="destination"/>.Length
    /// base62 digits, most significant first. Divides the number by 62 repeatedly; quadratic, but the input is 32 bytes.
    /// </summary>
    internal static void EncodeBase62(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
        Span<byte> number = stackalloc byte[bytes.Length];
        bytes.CopyTo(number);
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            var remainder = 0;
            for (var j = 0; j < number.Length; j++)
            {
                var accumulator = (remainder << 8) | number[j];
                number[j] = (byte)(accumulator / 62);
                remainder = accumulator % 62;
            }

            destination[i] = Alphabet[remainder];
        }

        var overflow = number.ContainsAnyExcept((byte)0);
        CryptographicOperations.ZeroMemory(number);
        if (overflow)
        {
            throw new ArgumentException("The destination is too short for the number.", nameof(destination));
        }
    }

    private static string NewSecret(string prefix)
    {
        Span<byte> random = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(random);
        Span<char> secret = stackalloc char[prefix.Length + EncodedLength];
        prefix.CopyTo(secret);
        EncodeBase62(random, secret[prefix.Length..]);
        CryptographicOperations.ZeroMemory(random);
        var result = new string(secret);
        secret.Clear();
        return result;
    }
}
