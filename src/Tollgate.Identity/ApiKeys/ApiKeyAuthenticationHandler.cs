using System.Buffers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Tollgate.Core.Identity;
using Tollgate.Identity.Secrets;
using Tollgate.Identity.Signing;

namespace Tollgate.Identity.ApiKeys;

/// <summary>
/// Authenticates API keys sent as <c>Authorization: Bearer tg_…</c> or <c>X-Api-Key</c>, and requests signed with a
/// key's HMAC signing secret (see docs/security.md). Keys come from <see cref="ApiKeyCache"/>, so the store is not
/// read per request. The failure message says what is wrong without echoing any secret.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyCache keys,
    ApiKeyUsageTracker usage,
    SecretProtector protector,
    INonceStore nonces,
    IOptions<IdentityOptions> identityOptions,
    TimeProvider timeProvider)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The header that carries a key as an alternative to <c>Authorization</c>.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers;
        if (headers.ContainsKey(SignatureHeaders.Signature))
        {
            return await AuthenticateSignedAsync();
        }

        var secret = FindBearerSecret(Request);
        if (secret is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!SecretTokens.LooksLikeApiKey(secret))
        {
            return Fail("The API key is malformed. Keys start with \"tg_\" followed by 43 letters and digits.");
        }

        var key = await LookUpBySecretAsync(secret);
        if (key is null)
        {
            return Fail("The API key is not known.");
        }

        if (Inactive(key) is { } inactive)
        {
            return inactive;
        }

        if (key.Signing == ApiKeySigning.Required)
        {
            return Fail("This API key must sign its requests; sending the key itself is refused. See docs/security.md.");
        }

        return Success(key);
    }

    /// <summary>The API key in <c>X-Api-Key</c>, or in <c>Authorization: Bearer</c> when it looks like one of ours.</summary>
    internal static string? FindBearerSecret(HttpRequest request)
    {
        if (request.Headers.TryGetValue(ApiKeyHeader, out var apiKey))
        {
            return apiKey.ToString().Trim();
        }

        string? authorization = request.Headers.Authorization;
        if (authorization is not null
            && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            && authorization.AsSpan(BearerPrefix.Length).TrimStart().StartsWith("tg_", StringComparison.Ordinal))
        {
            return authorization[BearerPrefix.Length..].Trim();
        }

        return null;
    }

    private async Task<ApiKey?> LookUpBySecretAsync(string secret)
    {
        var hash = new byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetByteCount(secret);
        var utf8 = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(secret, utf8);
        SHA256.HashData(utf8, hash);
        return await keys.FindByHashAsync(hash, Context.RequestAborted);
    }

    private async Task<AuthenticateResult> AuthenticateSignedAsync()
    {
        var headers = Request.Headers;
        if (!Guid.TryParse(headers[SignatureHeaders.KeyId], out var keyId))
        {
            return Fail($"A signed request needs the API key id in {SignatureHeaders.KeyId}.");
        }

        if (!RequestSignature.TryParseTimestamp(headers[SignatureHeaders.Timestamp], out var timestamp))
        {
            return Fail($"A signed request needs {SignatureHeaders.Timestamp}: the current Unix time in seconds.");
        }

        string? nonce = headers[SignatureHeaders.Nonce];
        if (!RequestSignature.IsValidNonce(nonce))
        {
            return Fail($"A signed request needs {SignatureHeaders.Nonce}: 16 to 128 characters of A-Z, a-z, 0-9, '.', '_', '~' and '-', new for every request.");
        }

        var now = timeProvider.GetUtcNow();
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > RequestSignature.MaxClockSkewSeconds)
        {
            return Fail($"The request timestamp is more than {RequestSignature.MaxClockSkewSeconds} seconds away from the server's clock. Sign with the current time and check the client's clock.");
        }

        var key = await keys.FindByIdAsync(keyId, Context.RequestAborted);
        if (key is null)
        {
            return Fail("The API key is not known.");
        }

        if (Inactive(key) is { } inactive)
        {
            return inactive;
        }

        if (key.Signing == ApiKeySigning.None || key.SigningSecret is null)
        {
            return Fail("This API key has no signing secret. Create a key with signing enabled to sign requests.");
        }

        var digest = await HashBodyAsync(identityOptions.Value.MaxSignedBodyBytes);
        if (digest is null)
        {
            return Fail($"The body of a signed request may not exceed {identityOptions.Value.MaxSignedBodyBytes} bytes.");
        }

        var stringToSign = RequestSignature.StringToSign(Request.Method, RequestTarget(), timestamp, nonce!, digest);
        string secret;
        try
        {
            secret = Encoding.UTF8.GetString(protector.Unprotect(key.SigningSecret, key.Id));
        }
        catch (CryptographicException)
        {
            // The master key is not the one the secret was encrypted under: an operator error, not the client's.
            LogUndecryptable(Logger, key.Id);
            return Fail("The signing secret of this key cannot be used on this server. Ask an admin to create a new key.");
        }

        if (!RequestSignature.Verify(secret, stringToSign, headers[SignatureHeaders.Signature].ToString()))
        {
            return Fail("The request signature does not match. Sign METHOD, target, timestamp, nonce and the body's SHA-256 exactly as docs/security.md shows.");
        }

        // Only a correctly signed request may spend a nonce, so nobody can burn a client's nonces in advance.
        if (!nonces.TryRecord(key.Id, nonce!, now))
        {
            return Fail("This nonce was already used. Every signed request needs a new nonce.");
        }

        return Success(key, signed: true);
    }

    private AuthenticateResult? Inactive(ApiKey key)
    {
        if (key.RevokedAt is not null)
        {
            return Fail("The API key was revoked.");
        }

        if (key.ExpiresAt is { } expires && timeProvider.GetUtcNow() >= expires)
        {
            return Fail("The API key has expired.");
        }

        return null;
    }

    /// <summary>The request target as it appeared on the request line, which is what the client signed.</summary>
    private string RequestTarget()
    {
        var raw = Context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return string.IsNullOrEmpty(raw)
            ? Request.PathBase.Add(Request.Path).ToUriComponent() + Request.QueryString.ToUriComponent()
            : raw;
    }

    private async Task<byte[]?> HashBodyAsync(long limit)
    {
        // The body is read before any endpoint could raise Kestrel's own limit, so raise it here to ours.
        if (Context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size && (size.MaxRequestBodySize is null || size.MaxRequestBodySize < limit + 1))
        {
            size.MaxRequestBodySize = limit + 1;
        }

        if (Request.ContentLength > limit)
        {
            return null;
        }

        Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: limit + 1);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            // Never ask for more than one byte past the limit: the buffering stream throws rather than stop there.
            long total = 0;
            int read;
            while ((read = await Request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit + 1 - total)), Context.RequestAborted)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    return null;
                }

                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        Request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    private AuthenticateResult Success(ApiKey key, bool signed = false)
    {
        usage.Record(key.Id);
        var claims = new List<Claim>(5 + key.Scopes.Count)
        {
            new(TollgateClaims.Subject, key.Id.ToString("D")),
            new(TollgateClaims.Tenant, key.TenantId),
            new(TollgateClaims.Kind, "apikey"),
        };
        if (signed)
        {
            claims.Add(new Claim(TollgateClaims.SignedRequest, "true"));
        }

        foreach (var scope in key.Scopes)
        {
            claims.Add(new Claim(TollgateClaims.Scope, scope));
        }

        var identity = new ClaimsIdentity(claims, Scheme.Name, TollgateClaims.Subject, TollgateClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private AuthenticateResult Fail(string reason)
    {
        LogRejected(Logger, reason);
        return AuthenticateResult.Fail(reason);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The signing secret of API key {KeyId} cannot be decrypted: the master key (Identity:MasterKey or its file) is not the one it was encrypted under.")]
    private static partial void LogUndecryptable(ILogger logger, Guid keyId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "API key authentication failed: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
