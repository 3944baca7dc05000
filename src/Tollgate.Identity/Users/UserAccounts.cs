using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Identity.Passwords;

namespace Tollgate.Identity.Users;

/// <summary>
/// Creates users and changes passwords with the password policy applied, for the API, the <c>admin create</c>
/// command and the start-up bootstrap alike.
/// </summary>
public sealed class UserAccounts(IIdentityStore store, PasswordHasher hasher, PasswordPolicy policy, TimeProvider timeProvider)
{
    /// <summary>Creates a user in an existing tenant.</summary>
    public async Task<UserCreationResult> CreateAsync(string tenantId, string email, string password, Role role, CancellationToken cancellationToken)
    {
        if (!Emails.IsPlausible(email))
        {
            return new UserCreationResult(UserCreation.InvalidEmail, Message: "The email must be an address like name@example.com, at most 254 characters.");
        }

        var normalized = Emails.Normalize(email);
        if (policy.Check(password, normalized) is { } weakness)
        {
            return new UserCreationResult(UserCreation.WeakPassword, Message: weakness);
        }

        if (await store.GetTenantAsync(tenantId, cancellationToken) is null)
        {
            return new UserCreationResult(UserCreation.UnknownTenant, Message: $"There is no tenant \"{tenantId}\".");
        }

        var user = new User(Guid.CreateVersion7(), tenantId, normalized, role, hasher.Hash(password), Disabled: false, UtcMicroseconds.Now(timeProvider), LastLoginAt: null);
        return await store.CreateUserAsync(user, cancellationToken)
            ? new UserCreationResult(UserCreation.Created, user)
            : new UserCreationResult(UserCreation.EmailTaken, Message: $"A user with the email {normalized} already exists.");
    }

    /// <summary>Sets a new password and ends the user's sessions; the policy message, or null on success.</summary>
    public async Task<(User? User, string? Weakness)> ChangePasswordAsync(string tenantId, Guid userId, string password, CancellationToken cancellationToken)
    {
        var user = await store.GetUserAsync(tenantId, userId, cancellationToken);
        if (user is null)
        {
            return (null, null);
        }

        if (policy.Check(password, user.Email) is { } weakness)
        {
            return (user, weakness);
        }

        var updated = await store.UpdateUserAsync(tenantId, userId, role: null, hasher.Hash(password), disabled: null, cancellationToken);
        await store.RevokeRefreshTokensOfUserAsync(userId, timeProvider.GetUtcNow(), cancellationToken);
        return (updated, null);
    }
}
