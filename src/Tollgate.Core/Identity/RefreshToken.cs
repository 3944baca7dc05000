namespace Tollgate.Core.Identity;

/// <summary>
/// One link in a chain of rotating refresh tokens. Each use replaces the token with a new one of the same
/// <see cref="FamilyId"/>; presenting a replaced token again means it was stolen, so the whole family is revoked.
/// </summary>
/// <param name="Id">Server-assigned id.</param>
/// <param name="FamilyId">Shared by every token descended from one login.</param>
/// <param name="UserId">The user the token refreshes.</param>
/// <param name="TenantId">The user's tenant.</param>
/// <param name="Hash">SHA-256 of the token (UTF-8); the token itself is never stored.</param>
/// <param name="CreatedAt">When it was issued (UTC).</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="RevokedAt">When it was used, logged out or revoked, if it was.</param>
public sealed record RefreshToken(
    Guid Id,
    Guid FamilyId,
    Guid UserId,
    string TenantId,
    byte[] Hash,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt);
