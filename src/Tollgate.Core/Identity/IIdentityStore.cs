namespace Tollgate.Core.Identity;

/// <summary>
/// Where tenants, users, API keys and refresh tokens live. Implementations are pinned by the identity store contract
/// suite (<c>test/Tollgate.Testing</c>). All members are thread-safe.
/// </summary>
/// <remarks>
/// Members that look a record up by its secret's hash or by its public id are not tenant-scoped: they are how a
/// principal is found in the first place. Every other member takes the tenant and never touches another tenant's rows.
/// </remarks>
public interface IIdentityStore
{
    /// <summary>Creates a tenant; false when the id is taken.</summary>
    Task<bool> CreateTenantAsync(Tenant tenant, CancellationToken cancellationToken);

    /// <summary>One tenant, or null.</summary>
    Task<Tenant?> GetTenantAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Every tenant, ordered by id.</summary>
    Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken);

    /// <summary>Renames and/or disables or enables a tenant (null leaves a field as it is); null when there is no such tenant.</summary>
    Task<Tenant?> UpdateTenantAsync(string tenantId, string? name, bool? disabled, CancellationToken cancellationToken);

    /// <summary>Creates a user; false when the email is taken (in any tenant).</summary>
    Task<bool> CreateUserAsync(User user, CancellationToken cancellationToken);

    /// <summary>The user with this normalized email, in any tenant, or null. Used by login.</summary>
    Task<User?> FindUserByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>One user of the tenant, or null.</summary>
    Task<User?> GetUserAsync(string tenantId, Guid userId, CancellationToken cancellationToken);

    /// <summary>The tenant's users, ordered by email.</summary>
    Task<IReadOnlyList<User>> ListUsersAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Changes a user's role, password hash and/or disabled flag (null leaves a field as it is); null when there is no such user in the tenant.</summary>
    Task<User?> UpdateUserAsync(string tenantId, Guid userId, Role? role, string? passwordHash, bool? disabled, CancellationToken cancellationToken);

    /// <summary>Records a successful login.</summary>
    Task RecordLoginAsync(Guid userId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>How many enabled platform admins exist (bootstrap runs only when there are none).</summary>
    Task<int> CountPlatformAdminsAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new API key.</summary>
    Task CreateApiKeyAsync(ApiKey key, CancellationToken cancellationToken);

    /// <summary>The key whose secret hashes to <paramref name="hash"/>, or null. Revoked and expired keys are returned too.</summary>
    Task<ApiKey?> FindApiKeyByHashAsync(byte[] hash, CancellationToken cancellationToken);

    /// <summary>The key with this id, in any tenant, or null. Used to verify signed requests, which name the key by id.</summary>
    Task<ApiKey?> FindApiKeyByIdAsync(Guid keyId, CancellationToken cancellationToken);

    /// <summary>One key of the tenant, or null.</summary>
    Task<ApiKey?> GetApiKeyAsync(string tenantId, Guid keyId, CancellationToken cancellationToken);

    /// <summary>The tenant's keys, newest first, revoked ones included.</summary>
    Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Revokes a key of the tenant; the revoked key, or null when there is no such key. Revoking twice keeps the first time.</summary>
    Task<ApiKey?> RevokeApiKeyAsync(string tenantId, Guid keyId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records last-used times, batched; a time older than the stored one is ignored.</summary>
    Task RecordApiKeyUseAsync(IReadOnlyCollection<KeyValuePair<Guid, DateTimeOffset>> uses, CancellationToken cancellationToken);

    /// <summary>Stores a new refresh token.</summary>
    Task CreateRefreshTokenAsync(RefreshToken token, CancellationToken cancellationToken);

    /// <summary>The refresh token whose hash is <paramref name="hash"/>, or null. Revoked and expired ones are returned too.</summary>
    Task<RefreshToken?> FindRefreshTokenByHashAsync(byte[] hash, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically revokes <paramref name="currentId"/> and stores <paramref name="replacement"/>, only if the current token
    /// is not revoked yet; false (and nothing stored) when it already was, so a token is used at most once.
    /// </summary>
    Task<bool> RotateRefreshTokenAsync(Guid currentId, RefreshToken replacement, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Revokes every token of a family that is not revoked yet.</summary>
    Task RevokeRefreshTokenFamilyAsync(Guid familyId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Revokes every refresh token of a user (password change, disable).</summary>
    Task RevokeRefreshTokensOfUserAsync(Guid userId, DateTimeOffset at, CancellationToken cancellationToken);
}
