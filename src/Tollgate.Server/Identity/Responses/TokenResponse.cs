using Tollgate.Identity.Sessions;

namespace Tollgate.Server.Identity.Responses;

/// <summary>Tokens of a session, in the shape OAuth 2.0 clients expect (RFC 6749 §5.1) plus absolute expiry times.</summary>
public sealed record TokenResponse(
    string AccessToken,
    string TokenType,
    int ExpiresIn,
    DateTimeOffset ExpiresAt,
    string RefreshToken,
    DateTimeOffset RefreshTokenExpiresAt)
{
    internal static TokenResponse From(SessionTokens tokens, DateTimeOffset now) => new(
        tokens.AccessToken,
        "Bearer",
        (int)Math.Max(0, (tokens.AccessTokenExpiresAt - now).TotalSeconds),
        tokens.AccessTokenExpiresAt,
        tokens.RefreshToken,
        tokens.RefreshTokenExpiresAt);
}
