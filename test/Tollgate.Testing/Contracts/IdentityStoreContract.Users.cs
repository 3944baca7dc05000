using Tollgate.Core.Identity;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class IdentityStoreContract
{
    [Fact]
    public async Task Creates_a_user_and_reads_back_every_field()
    {
        await CreateTenantAsync(TenantA);
        var user = NewUser(TenantA, "ada@example.com", Role.TenantAdmin, disabled: true, lastLoginAt: NextTime());

        Assert.True(await Store.CreateUserAsync(user, Ct));

        Assert.Equal(user, await Store.GetUserAsync(TenantA, user.Id, Ct));
        Assert.Equal(user, await Store.FindUserByEmailAsync("ada@example.com", Ct));
    }

    [Theory]
    [InlineData(Role.Reader)]
    [InlineData(Role.Writer)]
    [InlineData(Role.TenantAdmin)]
    [InlineData(Role.PlatformAdmin)]
    public async Task Keeps_every_role(Role role)
    {
        await CreateTenantAsync(TenantA);
        var user = await CreateUserAsync(TenantA, "someone@example.com", role);

        Assert.Equal(role, (await Store.GetUserAsync(TenantA, user.Id, Ct))?.Role);
    }

    [Fact]
    public async Task Refuses_an_email_taken_in_the_same_tenant()
    {
        await CreateTenantAsync(TenantA);
        var first = await CreateUserAsync(TenantA, "ada@example.com");
        var second = NewUser(TenantA, "ada@example.com", Role.PlatformAdmin);

        Assert.False(await Store.CreateUserAsync(second, Ct));

        Assert.Null(await Store.GetUserAsync(TenantA, second.Id, Ct));
        Assert.Equal(first, await Store.FindUserByEmailAsync("ada@example.com", Ct));
        Assert.Equal([first], await Store.ListUsersAsync(TenantA, Ct));
    }

    [Fact]
    public async Task Refuses_an_email_taken_in_another_tenant()
    {
        await CreateTenantAsync(TenantA);
        await CreateTenantAsync(TenantB);
        var first = await CreateUserAsync(TenantA, "ada@example.com");
        var second = NewUser(TenantB, "ada@example.com");

        Assert.False(await Store.CreateUserAsync(second, Ct));

        Assert.Null(await Store.GetUserAsync(TenantB, second.Id, Ct));
        Assert.Empty(await Store.ListUsersAsync(TenantB, Ct));
        Assert.Equal(first, await Store.FindUserByEmailAsync("ada@example.com", Ct));
    }

    [Fact]
    public async Task Finds_users_by_email_in_any_tenant()
    {
        await CreateTenantAsync(TenantA);
        await CreateTenantAsync(TenantB);
        var ada = await CreateUserAsync(TenantA, "ada@example.com");
        var bob = await CreateUserAsync(TenantB, "bob@example.com");

        Assert.Equal(ada, await Store.FindUserByEmailAsync("ada@example.com", Ct));
        Assert.Equal(bob, await Store.FindUserByEmailAsync("bob@example.com", Ct));
        Assert.Null(await Store.FindUserByEmailAsync("carol@example.com", Ct));
    }

    [Fact]
    public async Task An_unknown_user_is_null()
    {
        await CreateTenantAsync(TenantA);
        await CreateUserAsync(TenantA, "ada@example.com");

        Assert.Null(await Store.GetUserAsync(TenantA, Guid.CreateVersion7(), Ct));
    }

    [Fact]
    public async Task Lists_a_tenants_users_ordered_by_email()
    {
        await CreateTenantAsync(TenantA);
        await CreateTenantAsync(TenantB);
        var carol = await CreateUserAsync(TenantA, "carol@example.com", Role.Writer);
        await CreateUserAsync(TenantB, "bob@example.com");
        var ada = await CreateUserAsync(TenantA, "ada@example.com", Role.TenantAdmin, disabled: true);
        var dave = await CreateUserAsync(TenantA, "dave@example.com");

        Assert.Equal([ada, carol, dave], await Store.ListUsersAsync(TenantA, Ct));
        Assert.Empty(await Store.ListUsersAsync("no-such-tenant", Ct));
    }

    [Fact]
    public async Task Changes_a_users_role_and_leaves_the_rest()
    {
        await CreateTenantAsync(TenantA);
        var user = await CreateUserAsync(TenantA, "ada@example.com");

        var updated = await Store.UpdateUserAsync(TenantA, user.Id, Role.TenantAdmin, null, null, Ct);

        Assert.Equal(user with { Role = Role.TenantAdmin }, updated);
        Assert.Equal(updated, await Store.GetUserAsync(TenantA, user.Id, Ct));
    }

    [Fact]
    public async Task Changes_a_users_password_hash_and_leaves_the_rest()
    {
        await CreateTenantAsync(TenantA);
        var user = await CreateUserAsync(TenantA, "ada@example.com", Role.Writer);

        var updated = await Store.UpdateUserAsync(TenantA, user.Id, null, "pbkdf2-sha512$210000$bmV3$aGFzaA==", null, Ct);

        Assert.Equal(user with { PasswordHash = "pbkdf2-sha512$210000$bmV3$aGFzaA==" }, updated);
        Assert.Equal(updated, await Store.FindUserByEmailAsync("ada@example.com", Ct));
    }

    [Fact]
    public async Task Disables_and_enables_a_user()
    {
        await CreateTenantAsync(TenantA);
        var user = await CreateUserAsync(TenantA, "ada@example.com", Role.Writer);

        Assert.Equal(user with { Disabled = true }, await Store.UpdateUserAsync(TenantA, user.Id, null, null, true, Ct));
        Assert.True((await Store.GetUserAsync(TenantA, user.Id, Ct))?.Disabled);

        var all = await Store.UpdateUserAsync(TenantA, user.Id, Role.Reader, "other", false, Ct);

        Assert.Equal(user with { Role = Role.Reader, PasswordHash = "other" }, all);
        Assert.Equal(all, await Store.GetUserAsync(TenantA, user.Id, Ct));
    }

    [Fact]
    public async Task Updating_an_unknown_user_returns_null()
    {
        await CreateTenantAsync(TenantA);

        Assert.Null(await Store.UpdateUserAsync(TenantA, Guid.CreateVersion7(), Role.PlatformAdmin, null, null, Ct));
    }

    [Fact]
    public async Task Records_the_last_login()
    {
        await CreateTenantAsync(TenantA);
        var user = await CreateUserAsync(TenantA, "ada@example.com");
        var first = NextTime();
        var second = NextTime();

        await Store.RecordLoginAsync(user.Id, first, Ct);
        Assert.Equal(user with { LastLoginAt = first }, await Store.GetUserAsync(TenantA, user.Id, Ct));

        await Store.RecordLoginAsync(user.Id, second, Ct);
        Assert.Equal(user with { LastLoginAt = second }, await Store.GetUserAsync(TenantA, user.Id, Ct));
    }

    [Fact]
    public async Task Counts_only_enabled_platform_admins_of_every_tenant()
    {
        Assert.Equal(0, await Store.CountPlatformAdminsAsync(Ct));
        await CreateTenantAsync(TenantA);
        await CreateTenantAsync(TenantB);
        var admin = await CreateUserAsync(TenantA, "admin@example.com", Role.PlatformAdmin);
        await CreateUserAsync(TenantB, "other-admin@example.com", Role.PlatformAdmin);
        await CreateUserAsync(TenantA, "disabled-admin@example.com", Role.PlatformAdmin, disabled: true);
        await CreateUserAsync(TenantA, "tenant-admin@example.com", Role.TenantAdmin);
        await CreateUserAsync(TenantB, "writer@example.com", Role.Writer);

        Assert.Equal(2, await Store.CountPlatformAdminsAsync(Ct));

        await Store.UpdateUserAsync(TenantA, admin.Id, null, null, true, Ct);
        Assert.Equal(1, await Store.CountPlatformAdminsAsync(Ct));

        await Store.UpdateUserAsync(TenantA, admin.Id, Role.TenantAdmin, null, false, Ct);
        Assert.Equal(1, await Store.CountPlatformAdminsAsync(Ct));
    }
}
