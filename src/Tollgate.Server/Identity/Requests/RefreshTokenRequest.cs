namespace Tollgate.Server.Identity.Requests;

/// <summary>Body of <c>POST /api/v1/auth/refresh</c> and <c>/logout</c>.</summary>
public sealed record RefreshTokenRequest(string RefreshToken);
