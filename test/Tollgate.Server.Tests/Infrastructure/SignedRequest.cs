using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Tollgate.Identity.Signing;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>Builds HMAC-signed requests with <see cref="RequestSignature"/>, optionally signing something other than what is sent.</summary>
public static class SignedRequest
{
    /// <summary>A fresh nonce of the accepted shape.</summary>
    public static string NewNonce() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// A request to <paramref name="target"/> with <paramref name="body"/> (JSON) signed by key <paramref name="keyId"/>.
    /// <paramref name="signedTarget"/> and <paramref name="signedBody"/> sign something else than is sent, to forge.
    /// </summary>
    public static HttpRequestMessage Create(
        HttpMethod method,
        string target,
        byte[]? body,
        Guid keyId,
        string signingSecret,
        long timestamp,
        string? nonce = null,
        string? signedTarget = null,
        byte[]? signedBody = null)
    {
        nonce ??= NewNonce();
        var stringToSign = RequestSignature.StringToSign(method.Method, signedTarget ?? target, timestamp, nonce, SHA256.HashData(signedBody ?? body ?? []));
        return WithSignature(method, target, body, keyId, timestamp, nonce, RequestSignature.Sign(signingSecret, stringToSign));
    }

    /// <summary>A request carrying the given signature headers as they are.</summary>
    public static HttpRequestMessage WithSignature(HttpMethod method, string target, byte[]? body, Guid keyId, long timestamp, string nonce, string signature)
    {
        var request = new HttpRequestMessage(method, target);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        request.Headers.TryAddWithoutValidation(SignatureHeaders.KeyId, keyId.ToString("D"));
        request.Headers.TryAddWithoutValidation(SignatureHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(SignatureHeaders.Nonce, nonce);
        request.Headers.TryAddWithoutValidation(SignatureHeaders.Signature, signature);
        return request;
    }
}
