namespace Tollgate.Identity.Signing;

/// <summary>The request headers of an HMAC-signed request (see <see cref="RequestSignature"/>).</summary>
public static class SignatureHeaders
{
    /// <summary>The id of the API key whose signing secret signed the request.</summary>
    public const string KeyId = "X-Tollgate-Key-Id";

    /// <summary>When the request was signed, in Unix seconds.</summary>
    public const string Timestamp = "X-Tollgate-Timestamp";

    /// <summary>A value unique to the request (16–128 characters of <c>[A-Za-z0-9._~-]</c>), so it cannot be replayed.</summary>
    public const string Nonce = "X-Tollgate-Nonce";

    /// <summary>Base64 (standard, padded) of the HMAC-SHA256 of the string to sign.</summary>
    public const string Signature = "X-Tollgate-Signature";
}
