namespace Tollgate.Identity.Tokens;

/// <summary>A signed access token and when it stops working.</summary>
/// <param name="Token">The compact JWT, sent as <c>Authorization: Bearer</c>.</param>
/// <param name="ExpiresAt">Its <c>exp</c> (whole seconds, UTC).</param>
public sealed record IssuedAccessToken(string Token, DateTimeOffset ExpiresAt);
