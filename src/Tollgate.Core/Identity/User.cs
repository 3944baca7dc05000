namespace Tollgate.Core.Identity;

/// <summary>A person who logs in with email and password. Belongs to one tenant.</summary>
/// <param name="Id">Server-assigned id.</param>
/// <param name="TenantId">The user's tenant.</param>
/// <param name="Email">Login name, stored lowercase (<see cref="Emails.Normalize"/>); unique across all tenants.</param>
/// <param name="Role">What the user may do in the tenant.</param>
/// <param name="PasswordHash">Self-describing hash string; never the password.</param>
/// <param name="Disabled">A disabled user cannot log in or refresh.</param>
/// <param name="CreatedAt">When the user was created (UTC).</param>
/// <param name="LastLoginAt">The last successful login, if any.</param>
public sealed record User(
    Guid Id,
    string TenantId,
    string Email,
    Role Role,
    string PasswordHash,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastLoginAt);
