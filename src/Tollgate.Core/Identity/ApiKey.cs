namespace Tollgate.Core.Identity;

/// <summary>
/// A machine credential of one tenant. The secret itself is never stored: only its SHA-256 <see cref="Hash"/> and a
/// visible <see cref="Prefix"/> that lets people tell keys apart.
/// </summary>
/// <param name="Id">Public id, also the key id of signed requests.</param>
/// <param name="TenantId">The tenant the key acts for.</param>
/// <param name="Name">What the key is for, chosen by its creator.</param>
/// <param name="Prefix">The first characters of the secret, shown in lists.</param>
/// <param name="Hash">SHA-256 of the whole secret (UTF-8).</param>
/// <param name="Scopes">A subset of <see cref="Identity.Scopes.ForApiKeys"/>.</param>
/// <param name="Signing">Whether requests are signed.</param>
/// <param name="SigningSecret">The HMAC signing secret, encrypted at rest; null when <see cref="Signing"/> is None.</param>
/// <param name="CreatedAt">When the key was created (UTC).</param>
/// <param name="CreatedBy">Who created it (user id, key id or "cli").</param>
/// <param name="ExpiresAt">When the key stops working, if ever.</param>
/// <param name="RevokedAt">When the key was revoked, if it was.</param>
/// <param name="LastUsedAt">The last time the key authenticated a request (recorded with a delay).</param>
public sealed record ApiKey(
    Guid Id,
    string TenantId,
    string Name,
    string Prefix,
    byte[] Hash,
    IReadOnlyList<string> Scopes,
    ApiKeySigning Signing,
    byte[]? SigningSecret,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt)
{
    /// <summary>True when the key may authenticate at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}
