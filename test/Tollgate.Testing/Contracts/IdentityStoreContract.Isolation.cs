using Tollgate.Core.Identity;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class IdentityStoreContract
{
    [Fact]
    public async Task Another_tenants_user_is_invisible()
    {
        await CreateTenantAsync(TenantA);
        await CreateTenantAsync(TenantB);
        var user = await CreateUserAsync(TenantA, "ada@example.com", Role.TenantAdmin);

        Assert.Null(await Store.GetUserAsync(TenantB, user.Id, Ct));
        Assert.Empty(await Store.ListUsersAsync(TenantB, Ct));
        Assert.Equal(user, await Store.GetUserAsync(TenantA, user.Id, Ct));
    }

    [Fact]
    public async Task Updating_another_tenants_user_returns_null_and_changes_nothing()
    {
        await CreateTenantAsync(TenantA);
        await CreateTenantAsync(TenantB);
        var user = await CreateUserAsync(TenantA, "ada@example.com", Role.Reader);

        Assert.Null(await Store.UpdateUserAsync(TenantB, user.Id, Role.PlatformAdmin, "stolen", true, Ct));

        Assert.Equal(user, await Store.GetUserAsync(TenantA, user.Id, Ct));
        Assert.Equal(0, await Store.CountPlatformAdminsAsync(Ct));
    }

    [Fact]
    public async Task Another_tenants_key_is_invisible()
    {
        await CreateTenantAsync(TenantA);
        await CreateTenantAsync(TenantB);
        var key = await CreateApiKeyAsync(TenantA);

        Assert.Null(await Store.GetApiKeyAsync(TenantB, key.Id, Ct));
        Assert.Empty(await Store.ListApiKeysAsync(TenantB, Ct));
        AssertSameKey(key, await Store.GetApiKeyAsync(TenantA, key.Id, Ct));
    }

    [Fact]
    public async Task Revoking_another_tenants_key_returns_null_and_leaves_it_active()
    {
        await CreateTenantAsync(TenantA);
        await CreateTenantAsync(TenantB);
        var key = await CreateApiKeyAsync(TenantA);
        var at = NextTime();

        Assert.Null(await Store.RevokeApiKeyAsync(TenantB, key.Id, at, Ct));

        var stored = await Store.GetApiKeyAsync(TenantA, key.Id, Ct);
        AssertSameKey(key, stored);
        Assert.True(stored!.IsActiveAt(at));
    }

    [Fact]
    public async Task Lookups_by_secret_or_public_id_report_the_owning_tenant()
    {
        await CreateTenantAsync(TenantA);
        await CreateTenantAsync(TenantB);
        var user = await CreateUserAsync(TenantB, "bob@example.com");
        var key = await CreateApiKeyAsync(TenantB);
        var token = await CreateRefreshTokenAsync(user);

        Assert.Equal(TenantB, (await Store.FindUserByEmailAsync("bob@example.com", Ct))?.TenantId);
        Assert.Equal(TenantB, (await Store.FindApiKeyByHashAsync(key.Hash, Ct))?.TenantId);
        Assert.Equal(TenantB, (await Store.FindApiKeyByIdAsync(key.Id, Ct))?.TenantId);
        Assert.Equal(TenantB, (await Store.FindRefreshTokenByHashAsync(token.Hash, Ct))?.TenantId);
    }

    [Fact]
    public async Task Disabling_a_tenant_leaves_its_users_and_keys_as_they_are()
    {
        await CreateTenantAsync(TenantA);
        var user = await CreateUserAsync(TenantA, "ada@example.com");
        var key = await CreateApiKeyAsync(TenantA);

        await Store.UpdateTenantAsync(TenantA, null, true, Ct);

        Assert.Equal(user, await Store.GetUserAsync(TenantA, user.Id, Ct));
        AssertSameKey(key, await Store.GetApiKeyAsync(TenantA, key.Id, Ct));
    }
}
