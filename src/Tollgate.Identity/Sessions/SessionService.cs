using Microsoft.Extensions.Options;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Identity.Login;
using Tollgate.Identity.Passwords;
using Tollgate.Identity.Secrets;
using Tollgate.Identity.Tenancy;
using Tollgate.Identity.Tokens;

namespace Tollgate.Identity.Sessions;

/// <summary>
/// Password login, refresh-token rotation and logout. Refresh tokens are single-use: presenting one that was already
/// exchanged means it was copied, so its whole family (every token descended from that login) is revoked.
/// </summary>
public sealed class SessionService(
    IIdentityStore store,
    PasswordHasher hasher,
    LoginThrottle throttle,
    AccessTokenIssuer accessTokens,
    TenantDirectory tenants,
    IOptions<JwtOptions> jwtOptions,
    TimeProvider timeProvider)
{
    /// <summary>Checks email and password and starts a session.</summary>
    public async Task<SessionResult> LoginAsync(string email, string password, string? clientAddress, CancellationToken cancellationToken)
    {
        var normalized = Emails.Normalize(email);
        var wait = throttle.RetryAfter(normalized, clientAddress);
        if (wait > TimeSpan.Zero)
        {
            return new SessionResult(SessionOutcome.Throttled, RetryAfter: wait);
        }

        var user = await store.FindUserByEmailAsync(normalized, cancellationToken);
        if (user is null)
        {
            // Spend the same time as a real check, so response times do not tell which emails exist.
            hasher.VerifyDummy(password);
            throttle.RecordFailure(normalized, clientAddress);
            return new SessionResult(SessionOutcome.InvalidCredentials);
        }

        var verification = hasher.Verify(password, user.PasswordHash);
        if (verification == PasswordVerification.Failed || user.Disabled)
        {
            throttle.RecordFailure(normalized, clientAddress);
            return new SessionResult(SessionOutcome.InvalidCredentials);
        }

        throttle.RecordSuccess(normalized, clientAddress);
        if (await tenants.GetAsync(user.TenantId, cancellationToken) is not { Disabled: false })
        {
            return new SessionResult(SessionOutcome.TenantDisabled);
        }

        if (verification == PasswordVerification.SucceededRehashNeeded)
        {
            await store.UpdateUserAsync(user.TenantId, user.Id, role: null, hasher.Hash(password), disabled: null, cancellationToken);
        }

        var now = UtcMicroseconds.Now(timeProvider);
        await store.RecordLoginAsync(user.Id, now, cancellationToken);
        var (refreshToken, record) = NewRefreshToken(user, Guid.CreateVersion7(), now);
        await store.CreateRefreshTokenAsync(record, cancellationToken);
        return Succeeded(user, refreshToken, record);
    }

    /// <summary>Exchanges a refresh token for a new access token and a new refresh token.</summary>
    public async Task<SessionResult> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var current = await FindAsync(refreshToken, cancellationToken);
        if (current is null)
        {
            return new SessionResult(SessionOutcome.InvalidRefreshToken);
        }

        var now = UtcMicroseconds.Now(timeProvider);
        if (current.RevokedAt is not null)
        {
            await store.RevokeRefreshTokenFamilyAsync(current.FamilyId, now, cancellationToken);
            return new SessionResult(SessionOutcome.InvalidRefreshToken);
        }

        if (now >= current.ExpiresAt)
        {
            return new SessionResult(SessionOutcome.InvalidRefreshToken);
        }

        var user = await store.GetUserAsync(current.TenantId, current.UserId, cancellationToken);
        if (user is null || user.Disabled)
        {
            await store.RevokeRefreshTokenFamilyAsync(current.FamilyId, now, cancellationToken);
            return new SessionResult(SessionOutcome.InvalidRefreshToken);
        }

        if (await tenants.GetAsync(user.TenantId, cancellationToken) is not { Disabled: false })
        {
            return new SessionResult(SessionOutcome.TenantDisabled);
        }

        var (replacement, record) = NewRefreshToken(user, current.FamilyId, now);
        if (!await store.RotateRefreshTokenAsync(current.Id, record, now, cancellationToken))
        {
            // Someone else exchanged the same token a moment ago: one of the two holders is not the user.
            await store.RevokeRefreshTokenFamilyAsync(current.FamilyId, now, cancellationToken);
            return new SessionResult(SessionOutcome.InvalidRefreshToken);
        }

        return Succeeded(user, replacement, record);
    }

    /// <summary>Ends the session the refresh token belongs to; unknown tokens are ignored (logout is idempotent).</summary>
    public async Task LogoutAsync(string refreshToken, CancellationToken cancellationToken)
    {
        if (await FindAsync(refreshToken, cancellationToken) is { } current)
        {
            await store.RevokeRefreshTokenFamilyAsync(current.FamilyId, timeProvider.GetUtcNow(), cancellationToken);
        }
    }

    private async Task<RefreshToken?> FindAsync(string refreshToken, CancellationToken cancellationToken) =>
        refreshToken.StartsWith("tgr_", StringComparison.Ordinal) && refreshToken.Length <= 128
            ? await store.FindRefreshTokenByHashAsync(SecretTokens.Hash(refreshToken), cancellationToken)
            : null;

    private (string Token, RefreshToken Record) NewRefreshToken(User user, Guid familyId, DateTimeOffset now)
    {
        var token = SecretTokens.NewRefreshToken();
        var record = new RefreshToken(
            Guid.CreateVersion7(),
            familyId,
            user.Id,
            user.TenantId,
            SecretTokens.Hash(token),
            now,
            now + jwtOptions.Value.RefreshTokenLifetime,
            RevokedAt: null);
        return (token, record);
    }

    private SessionResult Succeeded(User user, string refreshToken, RefreshToken record)
    {
        var access = accessTokens.Issue(user);
        return new SessionResult(SessionOutcome.Succeeded, new SessionTokens(access.Token, access.ExpiresAt, refreshToken, record.ExpiresAt));
    }
}
