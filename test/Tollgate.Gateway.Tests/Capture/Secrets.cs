using Tollgate.Identity.Secrets;

namespace Tollgate.Gateway.Tests.Capture;

/// <summary>Secrets of every shape the detectors know.</summary>
internal static class Secrets
{
    /// <summary>A signed JWT (HS256).</summary>
    public const string Jwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    /// <summary>An opaque OAuth access token.</summary>
    public const string OpaqueToken = "ya29.A0ARrdaM-9f8b7C6d5E4f3_g2H1~i+j/k==";

    /// <summary>A Tollgate API key.</summary>
    public static string ApiKey { get; } = SecretTokens.NewApiKey();

    /// <summary>A Tollgate refresh token.</summary>
    public static string RefreshToken { get; } = SecretTokens.NewRefreshToken();

    /// <summary>A Tollgate HMAC signing secret.</summary>
    public static string SigningSecret { get; } = SecretTokens.NewSigningSecret();
}
