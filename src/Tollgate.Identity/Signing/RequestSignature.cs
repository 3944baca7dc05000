using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Identity.Signing;

/// <summary>
/// The canonical HMAC request signature. The client signs, with the UTF-8 bytes of its whole signing secret as the
/// key, the string <c>METHOD\nrequest-target\ntimestamp\nnonce\nbase64(SHA-256(body))</c> (no trailing newline), where
/// the request target is the path and query exactly as on the request line. Method, target and body bind the signature
/// to the request; timestamp and nonce bound it in time and make it single-use.
/// </summary>
public static class RequestSignature
{
    /// <summary>How far a request's timestamp may be from the server's clock, either way.</summary>
    public const int MaxClockSkewSeconds = 300;

    private const int BodyHashSize = 32;
    private const int SignatureSize = 32;
    private const int MinNonceLength = 16;
    private const int MaxNonceLength = 128;
    private const int MaxTimestampDigits = 12;

    /// <summary>The string to sign. <paramref name="bodySha256"/> is SHA-256 of the body as sent (of zero bytes when there is none).</summary>
    public static string StringToSign(string method, string requestTarget, long timestamp, string nonce, ReadOnlySpan<byte> bodySha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(requestTarget);
        ArgumentNullException.ThrowIfNull(nonce);
        if (bodySha256.Length != BodyHashSize)
        {
            throw new ArgumentException($"A SHA-256 hash has {BodyHashSize} bytes.", nameof(bodySha256));
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{method.ToUpperInvariant()}\n{requestTarget}\n{timestamp}\n{nonce}\n{Convert.ToBase64String(bodySha256)}");
    }

    /// <summary>Base64 of HMAC-SHA256 of <paramref name="stringToSign"/>, keyed with the UTF-8 bytes of the whole secret.</summary>
    public static string Sign(string signingSecret, string stringToSign)
    {
        Span<byte> mac = stackalloc byte[SignatureSize];
        ComputeMac(signingSecret, stringToSign, mac);
        return Convert.ToBase64String(mac);
    }

    /// <summary>
    /// True when <paramref name="signatureBase64"/> is the signature of <paramref name="stringToSign"/>. Malformed
    /// base64 or a wrong length is false, never an exception; the comparison takes the same time wherever the bytes differ.
    /// </summary>
    public static bool Verify(string signingSecret, string stringToSign, string signatureBase64)
    {
        Span<byte> expected = stackalloc byte[SignatureSize];
        ComputeMac(signingSecret, stringToSign, expected);
        if (signatureBase64 is null)
        {
            return false;
        }

        // Decoding into a buffer of exactly the signature's size makes a longer value fail and leaves a shorter one
        // zero-padded, so the comparison below always runs over the full 32 bytes.
        Span<byte> actual = stackalloc byte[SignatureSize];
        actual.Clear();
        var decoded = Convert.TryFromBase64String(signatureBase64, actual, out var written);
        var equal = CryptographicOperations.FixedTimeEquals(expected, actual);
        return decoded & (written == SignatureSize) & equal;
    }

    /// <summary>True for 16–128 characters of <c>[A-Za-z0-9._~-]</c> (URL-unreserved, so no escaping questions arise).</summary>
    public static bool IsValidNonce(string? nonce)
    {
        if (nonce is null || nonce.Length is < MinNonceLength or > MaxNonceLength)
        {
            return false;
        }

        foreach (var c in nonce)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '~' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses a timestamp header: 1–12 ASCII digits, no sign or spaces (anything else is refused, not guessed at).</summary>
    public static bool TryParseTimestamp(string? value, out long seconds)
    {
        seconds = 0;
        if (value is null || value.Length is 0 or > MaxTimestampDigits)
        {
            return false;
        }

        long result = 0;
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            result = (result * 10) + (c - '0');
        }

        seconds = result;
        return true;
    }

    private static void ComputeMac(string signingSecret, string stringToSign, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(signingSecret);
        ArgumentNullException.ThrowIfNull(stringToSign);
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), Encoding.UTF8.GetBytes(stringToSign), destination);
    }
}
