namespace Tollgate.Gateway.Capture;

/// <summary>
/// The built-in capture rules. They always apply; <see cref="CaptureOptions"/> lists add to them, so a configuration
/// can widen redaction but never switch the defaults off by accident. To stop storing the value of a default
/// allowed header, name it in <see cref="CaptureOptions.RedactHeaders"/>.
/// </summary>
public static class CaptureDefaults
{
    /// <summary>Bytes of each body copied per direction when no cap is configured: 32 KiB.</summary>
    public const int MaxBodyBytes = 32 * 1024;

    /// <summary>
    /// Headers whose values are stored: content negotiation, caching, CORS, ranges, tracing, forwarding, rate limits
    /// and the non-secret parts of a signed request. Each helps explain an exchange and none carries a credential.
    /// Every other header is stored by name with its value replaced by the mask (allow-list, not deny-list: an
    /// unknown header may be a credential). URL-valued headers (<c>Location</c>, <c>Referer</c>,
    /// <c>Content-Location</c>) get their query and fragment redacted like a query string.
    /// </summary>
    public static IReadOnlyList<string> AllowedHeaders { get; } =
    [
        "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Accept-Ranges",
        "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods",
        "Access-Control-Allow-Origin", "Access-Control-Expose-Headers", "Access-Control-Max-Age",
        "Access-Control-Request-Headers", "Access-Control-Request-Method",
        "Age", "Allow", "Cache-Control", "Connection", "Content-Disposition", "Content-Encoding", "Content-Language",
        "Content-Length", "Content-Location", "Content-Range", "Content-Type", "Date", "ETag", "Expect", "Expires",
        "Forwarded", "Host", "If-Match", "If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since",
        "Last-Modified", "Location", "Max-Forwards", "Origin", "Pragma", "Proxy-Authenticate", "Range", "Referer",
        "Referrer-Policy", "Retry-After", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Server",
        "Strict-Transport-Security", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "User-Agent", "Vary", "Via",
        "WWW-Authenticate", "X-Content-Type-Options", "X-Frame-Options",
        "traceparent", "tracestate", "X-Request-ID", "X-Correlation-ID",
        "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Proto", "X-Real-IP",
        "RateLimit-Limit", "RateLimit-Policy", "RateLimit-Remaining", "RateLimit-Reset",
        "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
        "X-Tollgate-Key-Id", "X-Tollgate-Timestamp", "X-Tollgate-Nonce",
    ];

    /// <summary>
    /// Headers that carry credentials; their values are always masked, even when a configuration allow-lists them.
    /// Of the signed-request headers only <c>X-Tollgate-Signature</c> is here: the key id, timestamp and nonce are
    /// not secret and explain a refused signature.
    /// </summary>
    public static IReadOnlyList<string> RedactedHeaders { get; } =
    [
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "Api-Key", "X-Auth-Token",
        "X-Access-Token", "X-Amz-Security-Token", "X-CSRF-Token", "X-XSRF-Token", "X-Tollgate-Signature",
    ];

    /// <summary>
    /// JSON member names (and form fields) whose whole value is masked at any depth: credentials, tokens, payment and
    /// identity numbers. Names compare ignoring ASCII case, <c>_</c> and <c>-</c>, so <c>access_token</c> also
    /// covers <c>accessToken</c> and <c>Access-Token</c>.
    /// </summary>
    public static IReadOnlyList<string> RedactedJsonFields { get; } =
    [
        "password", "passwd", "pwd", "passphrase", "new_password", "old_password", "current_password", "confirm_password",
        "secret", "client_secret", "secret_key", "private_key", "signing_secret",
        "token", "access_token", "refresh_token", "id_token", "auth_token", "session_token", "csrf_token", "jwt",
        "api_key", "x_api_key", "authorization", "credentials", "cookie", "set_cookie", "session_id",
        "card_number", "card_no", "cvv", "cvv2", "cvc", "cvc2", "security_code", "pin", "otp",
        "ssn", "social_security_number", "iban", "account_number",
    ];

    /// <summary>
    /// Query parameters (and form fields) whose values are masked: the JSON field names plus what URLs carry
    /// (OAuth <c>code</c>, API <c>key</c>, and the signatures and credentials of pre-signed S3, GCS and Azure SAS URLs).
    /// </summary>
    public static IReadOnlyList<string> RedactedQueryParameters { get; } =
    [
        .. RedactedJsonFields,
        "key", "code", "sig", "signature",
        "x-amz-signature", "x-amz-credential", "x-amz-security-token", "x-goog-signature", "x-goog-credential",
    ];
}
