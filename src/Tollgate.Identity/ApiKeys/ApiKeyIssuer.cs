using System.Text;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Identity.Secrets;

namespace Tollgate.Identity.ApiKeys;

/// <summary>Creates and revokes API keys: the secret is generated here, shown once, and stored only as a hash.</summary>
public sealed class ApiKeyIssuer(IIdentityStore store, ApiKeyCache cache, SecretProtector protector, TimeProvider timeProvider)
{
    /// <summary>Creates a key of <paramref name="tenantId"/>. Scopes must be a non-empty subset of <see cref="Scopes.ForApiKeys"/>.</summary>
    public async Task<CreatedApiKey> CreateAsync(
        string tenantId,
        string name,
        IReadOnlyList<string> scopes,
        ApiKeySigning signing,
        DateTimeOffset? expiresAt,
        string createdBy,
        CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var secret = SecretTokens.NewApiKey();
        var signingSecret = signing == ApiKeySigning.None ? null : SecretTokens.NewSigningSecret();
        var key = new ApiKey(
            id,
            tenantId,
            name,
            SecretTokens.PrefixOf(secret),
            SecretTokens.Hash(secret),
            scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            signing,
            signingSecret is null ? null : protector.Protect(Encoding.UTF8.GetBytes(signingSecret), id),
            UtcMicroseconds.Now(timeProvider),
            createdBy,
            expiresAt,
            RevokedAt: null,
            LastUsedAt: null);
        await store.CreateApiKeyAsync(key, cancellationToken);
        return new CreatedApiKey(key, secret, signingSecret);
    }

    /// <summary>Revokes a key of the tenant, effective on this node at once; null when the tenant has no such key.</summary>
    public async Task<ApiKey?> RevokeAsync(string tenantId, Guid keyId, CancellationToken cancellationToken)
    {
        var revoked = await store.RevokeApiKeyAsync(tenantId, keyId, UtcMicroseconds.Now(timeProvider), cancellationToken);
        if (revoked is not null)
        {
            cache.Invalidate(revoked);
        }

        return revoked;
    }
}
