using System.Security.Cryptography;
using Tollgate.Core.Identity;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class IdentityStoreContract
{
    [Fact]
    public async Task Creates_a_key_and_reads_back_every_field()
    {
        await CreateTenantAsync(TenantA);
        var key = NewApiKey(TenantA) with
        {
            Scopes = [Scopes.Admin, Scopes.Ingest, Scopes.Read],
            Signing = ApiKeySigning.Required,
            RevokedAt = NextTime(),
            LastUsedAt = NextTime(),
        };

        await Store.CreateApiKeyAsync(key, Ct);

        AssertSameKey(key, await Store.FindApiKeyByHashAsync(key.Hash, Ct));
        AssertSameKey(key, await Store.FindApiKeyByIdAsync(key.Id, Ct));
        AssertSameKey(key, await Store.GetApiKeyAsync(TenantA, key.Id, Ct));
    }

    [Fact]
    public async Task Keeps_a_key_without_signing_secret_or_expiry()
    {
        await CreateTenantAsync(TenantA);
        var key = NewApiKey(TenantA) with { Scopes = [Scopes.Ingest], Signing = ApiKeySigning.None, SigningSecret = null, ExpiresAt = null };

        await Store.CreateApiKeyAsync(key, Ct);

        var stored = await Store.FindApiKeyByHashAsync(key.Hash, Ct);
        AssertSameKey(key, stored);
        Assert.Null(stored?.SigningSecret);
        Assert.Null(stored?.ExpiresAt);
    }

    [Fact]
    public async Task Finds_keys_by_hash_and_by_id_in_any_tenant()
    {
        await CreateTenantAsync(TenantA);
        await CreateTenantAsync(TenantB);
        var a = await CreateApiKeyAsync(TenantA);
        var b = await CreateApiKeyAsync(TenantB);

        AssertSameKey(a, await Store.FindApiKeyByHashAsync(a.Hash, Ct));
        AssertSameKey(b, await Store.FindApiKeyByHashAsync(b.Hash, Ct));
        AssertSameKey(a, await Store.FindApiKeyByIdAsync(a.Id, Ct));
        AssertSameKey(b, await Store.FindApiKeyByIdAsync(b.Id, Ct));
    }

    [Fact]
    public async Task An_unknown_key_hash_or_id_is_null()
    {
        await CreateTenantAsync(TenantA);
        var key = await CreateApiKeyAsync(TenantA);

        Assert.Null(await Store.FindApiKeyByHashAsync(RandomNumberGenerator.GetBytes(32), Ct));
        Assert.Null(await Store.FindApiKeyByHashAsync(key.Hash[..31], Ct));
        Assert.Null(await Store.FindApiKeyByIdAsync(Guid.CreateVersion7(), Ct));
        Assert.Null(await Store.GetApiKeyAsync(TenantA, Guid.CreateVersion7(), Ct));
    }

    [Fact]
    public async Task Revoked_and_expired_keys_are_still_found()
    {
        await CreateTenantAsync(TenantA);
        var expired = NewApiKey(TenantA) with { ExpiresAt = NextTime() };
        await Store.CreateApiKeyAsync(expired, Ct);
        var revoked = await CreateApiKeyAsync(TenantA);
        await Store.RevokeApiKeyAsync(TenantA, revoked.Id, NextTime(), Ct);

        AssertSameKey(expired, await Store.FindApiKeyByHashAsync(expired.Hash, Ct));
        Assert.NotNull((await Store.FindApiKeyByHashAsync(revoked.Hash, Ct))?.RevokedAt);
    }

    [Fact]
    public async Task Lists_a_tenants_keys_newest_first_with_revoked_ones()
    {
        await CreateTenantAsync(TenantA);
        await CreateTenantAsync(TenantB);
        var oldest = await CreateApiKeyAsync(TenantA, "oldest");
        var middle = await CreateApiKeyAsync(TenantA, "middle");
        await CreateApiKeyAsync(TenantB, "other tenant");
        var newest = await CreateApiKeyAsync(TenantA, "newest");
        var revoked = await Store.RevokeApiKeyAsync(TenantA, middle.Id, NextTime(), Ct);

        var keys = await Store.ListApiKeysAsync(TenantA, Ct);

        Assert.Equal(["newest", "middle", "oldest"], keys.Select(k => k.Name));
        AssertSameKey(newest, keys[0]);
        AssertSameKey(revoked!, keys[1]);
        AssertSameKey(oldest, keys[2]);
        Assert.Empty(await Store.ListApiKeysAsync("no-such-tenant", Ct));
    }

    [Fact]
    public async Task Revoking_keeps_the_first_revocation_time()
    {
        await CreateTenantAsync(TenantA);
        var key = await CreateApiKeyAsync(TenantA);
        var first = NextTime();

        var revoked = await Store.RevokeApiKeyAsync(TenantA, key.Id, first, Ct);
        var again = await Store.RevokeApiKeyAsync(TenantA, key.Id, NextTime(), Ct);

        AssertSameKey(key with { RevokedAt = first }, revoked);
        AssertSameKey(key with { RevokedAt = first }, again);
        AssertSameKey(key with { RevokedAt = first }, await Store.FindApiKeyByIdAsync(key.Id, Ct));
        Assert.False(revoked!.IsActiveAt(first));
    }

    [Fact]
    public async Task Revoking_an_unknown_key_returns_null()
    {
        await CreateTenantAsync(TenantA);
        var key = await CreateApiKeyAsync(TenantA);

        Assert.Null(await Store.RevokeApiKeyAsync(TenantA, Guid.CreateVersion7(), NextTime(), Ct));

        AssertSameKey(key, await Store.GetApiKeyAsync(TenantA, key.Id, Ct));
    }

    [Fact]
    public async Task Records_key_use_keeping_the_latest_time()
    {
        await CreateTenantAsync(TenantA);
        await CreateTenantAsync(TenantB);
        var a = await CreateApiKeyAsync(TenantA);
        var b = await CreateApiKeyAsync(TenantB);
        var untouched = await CreateApiKeyAsync(TenantA);
        var t1 = NextTime();
        var t2 = NextTime();
        var t3 = NextTime();

        await Store.RecordApiKeyUseAsync([new(a.Id, t2), new(b.Id, t1), new(Guid.CreateVersion7(), t3)], Ct);
        AssertSameKey(a with { LastUsedAt = t2 }, await Store.FindApiKeyByIdAsync(a.Id, Ct));
        AssertSameKey(b with { LastUsedAt = t1 }, await Store.FindApiKeyByIdAsync(b.Id, Ct));

        await Store.RecordApiKeyUseAsync([new(a.Id, t1), new(b.Id, t3)], Ct);
        AssertSameKey(a with { LastUsedAt = t2 }, await Store.FindApiKeyByIdAsync(a.Id, Ct));
        AssertSameKey(b with { LastUsedAt = t3 }, await Store.FindApiKeyByIdAsync(b.Id, Ct));

        await Store.RecordApiKeyUseAsync([], Ct);
        AssertSameKey(untouched, await Store.FindApiKeyByIdAsync(untouched.Id, Ct));
    }

    [Fact]
    public async Task A_batch_keeps_the_latest_of_several_uses_of_one_key()
    {
        await CreateTenantAsync(TenantA);
        var key = await CreateApiKeyAsync(TenantA);
        var t1 = NextTime();
        var t2 = NextTime();
        var t3 = NextTime();

        await Store.RecordApiKeyUseAsync([new(key.Id, t1), new(key.Id, t3), new(key.Id, t2)], Ct);

        Assert.Equal(t3, (await Store.FindApiKeyByIdAsync(key.Id, Ct))?.LastUsedAt);
    }
}
