using Tollgate.Core;
using Tollgate.Core.Identity;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class IdentityStoreContract
{
    [Fact]
    public async Task The_default_tenant_exists_from_the_start()
    {
        var tenant = await Store.GetTenantAsync(Tenants.Default, Ct);

        Assert.NotNull(tenant);
        Assert.Equal(Tenants.Default, tenant.Id);
        Assert.Equal("Default", tenant.Name);
        Assert.False(tenant.Disabled);
        Assert.InRange(tenant.CreatedAt, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal([Tenants.Default], (await Store.ListTenantsAsync(Ct)).Select(t => t.Id));
    }

    [Fact]
    public async Task Creates_a_tenant_and_reads_back_every_field()
    {
        var tenant = new Tenant(TenantA, "Acme Corp", true, NextTime());

        Assert.True(await Store.CreateTenantAsync(tenant, Ct));

        Assert.Equal(tenant, await Store.GetTenantAsync(TenantA, Ct));
    }

    [Fact]
    public async Task Refuses_a_taken_tenant_id_and_keeps_the_first()
    {
        var first = await CreateTenantAsync(TenantA, "First");

        Assert.False(await Store.CreateTenantAsync(new Tenant(TenantA, "Second", true, NextTime()), Ct));
        Assert.False(await Store.CreateTenantAsync(new Tenant(Tenants.Default, "Not default", true, NextTime()), Ct));

        Assert.Equal(first, await Store.GetTenantAsync(TenantA, Ct));
        Assert.Equal("Default", (await Store.GetTenantAsync(Tenants.Default, Ct))?.Name);
    }

    [Fact]
    public async Task An_unknown_tenant_is_null()
    {
        await CreateTenantAsync(TenantA);

        Assert.Null(await Store.GetTenantAsync("no-such-tenant", Ct));
    }

    [Fact]
    public async Task Lists_every_tenant_ordered_by_id()
    {
        var b = await CreateTenantAsync(TenantB);
        var acme = await CreateTenantAsync("acme");
        var a = await CreateTenantAsync(TenantA, disabled: true);

        var tenants = await Store.ListTenantsAsync(Ct);

        Assert.Equal(["acme", Tenants.Default, TenantA, TenantB], tenants.Select(t => t.Id));
        Assert.Equal(acme, tenants[0]);
        Assert.Equal(a, tenants[2]);
        Assert.Equal(b, tenants[3]);
    }

    [Fact]
    public async Task Renames_a_tenant_and_leaves_the_rest()
    {
        var tenant = await CreateTenantAsync(TenantA, "Old name");

        var renamed = await Store.UpdateTenantAsync(TenantA, "New name", null, Ct);

        Assert.Equal(tenant with { Name = "New name" }, renamed);
        Assert.Equal(renamed, await Store.GetTenantAsync(TenantA, Ct));
    }

    [Fact]
    public async Task Disables_and_enables_a_tenant()
    {
        var tenant = await CreateTenantAsync(TenantA);

        var disabled = await Store.UpdateTenantAsync(TenantA, null, true, Ct);
        Assert.Equal(tenant with { Disabled = true }, disabled);
        Assert.Equal(disabled, await Store.GetTenantAsync(TenantA, Ct));

        var enabled = await Store.UpdateTenantAsync(TenantA, "Renamed", false, Ct);
        Assert.Equal(tenant with { Name = "Renamed" }, enabled);
        Assert.Equal(enabled, await Store.GetTenantAsync(TenantA, Ct));
    }

    [Fact]
    public async Task An_update_without_changes_returns_the_tenant_as_it_is()
    {
        var tenant = await CreateTenantAsync(TenantA, disabled: true);

        Assert.Equal(tenant, await Store.UpdateTenantAsync(TenantA, null, null, Ct));
    }

    [Fact]
    public async Task Updating_an_unknown_tenant_returns_null_and_creates_nothing()
    {
        await CreateTenantAsync(TenantA);

        Assert.Null(await Store.UpdateTenantAsync("no-such-tenant", "Name", true, Ct));

        Assert.Null(await Store.GetTenantAsync("no-such-tenant", Ct));
        Assert.Equal([Tenants.Default, TenantA], (await Store.ListTenantsAsync(Ct)).Select(t => t.Id));
    }
}
