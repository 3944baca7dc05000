namespace Tollgate.Identity.Sessions;

/// <summary>What a login or refresh hands out: a short-lived access token and the refresh token that replaces it.</summary>
/// <param name="AccessToken">A JWT for <c>Authorization: Bearer</c>.</param>
/// <param name="AccessTokenExpiresAt">When the access token stops working.</param>
/// <param name="RefreshToken">Single-use; exchange it at <c>POST /api/v1/auth/refresh</c>.</param>
/// <param name="RefreshTokenExpiresAt">When the refresh token stops working.</param>
public sealed record SessionTokens(string AccessToken, DateTimeOffset AccessTokenExpiresAt, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt);
