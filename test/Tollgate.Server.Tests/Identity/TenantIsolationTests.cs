using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

/// <summary>Tenant A's credentials never see or touch tenant B's data; each test makes its own pair of tenants.</summary>
public sealed class TenantIsolationTests(PlatformAdminFactory factory) : IClassFixture<PlatformAdminFactory>
{
    private const int EventsOfA = 3;
    private const int EventsOfB = 5;

    [Fact]
    public async Task Event_of_another_tenant_is_not_found_by_id()
    {
        var (a, b) = await CreateTenantsAsync();

        foreach (var id in b.EventIds)
        {
            using var response = await a.ReaderClient(factory).GetAsync($"{Api.Logs}/{id}", TestContext.Current.CancellationToken);
            await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
        }

        await Api.GetJsonAsync(b.ReaderClient(factory), $"{Api.Logs}/{b.EventIds[0]}");
    }

    [Fact]
    public async Task Search_filters_never_reach_another_tenant()
    {
        var (a, b) = await CreateTenantsAsync();
        var client = a.ReaderClient(factory);

        var byUser = await IdentityApi.GetTextAsync(client, $"{Api.Logs}?user_id={b.UserId}");
        var byService = await IdentityApi.GetTextAsync(client, $"{Api.Logs}?src_service={b.Service}");
        var everything = await IdentityApi.GetTextAsync(client, $"{Api.Logs}?limit=1000");
        var seed = await IdentityApi.GetTextAsync(client, $"/events?user_id={b.UserId}");
        var seedEverything = await IdentityApi.GetTextAsync(client, "/events?per_page=1000");

        Assert.Empty((await Api.GetJsonAsync(client, $"{Api.Logs}?user_id={b.UserId}")).GetProperty("items").EnumerateArray());
        foreach (var text in new[] { byUser, byService, everything, seed, seedEverything })
        {
            b.AssertAbsentFrom(text);
        }

        Assert.All(a.EventIds, id => Assert.Contains(id, everything, StringComparison.Ordinal));
        Assert.Equal(EventsOfA, (await Api.GetJsonAsync(client, "/events?per_page=1000")).GetProperty("total").GetInt32());
        Assert.Equal(EventsOfB, (await Api.GetJsonAsync(b.ReaderClient(factory), $"{Api.Logs}?user_id={b.UserId}")).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("ndjson")]
    public async Task Export_holds_only_the_callers_events(string format)
    {
        var (a, b) = await CreateTenantsAsync();

        var export = await IdentityApi.GetTextAsync(a.ReaderClient(factory), $"{Api.Logs}/export?format={format}");
        var filtered = await IdentityApi.GetTextAsync(a.ReaderClient(factory), $"{Api.Logs}/export?format={format}&user_id={b.UserId}");

        b.AssertAbsentFrom(export);
        b.AssertAbsentFrom(filtered);
        Assert.All(a.EventIds, id => Assert.Contains(id, export, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stats_count_only_the_callers_events()
    {
        var (a, b) = await CreateTenantsAsync();

        var stats = await IdentityApi.GetTextAsync(a.ReaderClient(factory), $"{Api.Logs}/stats");
        var parsed = await Api.GetJsonAsync(a.ReaderClient(factory), $"{Api.Logs}/stats");

        Assert.Equal(EventsOfA, parsed.GetProperty("total").GetInt64());
        b.AssertAbsentFrom(stats);
        Assert.Contains(a.Service, stats, StringComparison.Ordinal);
        Assert.Equal(EventsOfB, (await Api.GetJsonAsync(b.ReaderClient(factory), $"{Api.Logs}/stats")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Verify_covers_only_the_callers_chain()
    {
        var (a, b) = await CreateTenantsAsync();

        var verifyA = await Api.GetJsonAsync(a.ReaderClient(factory), $"{Api.Logs}/verify");
        var verifyB = await Api.GetJsonAsync(b.ReaderClient(factory), $"{Api.Logs}/verify");

        Assert.True(verifyA.GetProperty("ok").GetBoolean());
        Assert.Equal(EventsOfA, verifyA.GetProperty("verified").GetInt64());
        Assert.Equal(EventsOfB, verifyB.GetProperty("verified").GetInt64());
        Assert.NotEqual(verifyA.GetProperty("head").GetProperty("hash").GetString(), verifyB.GetProperty("head").GetProperty("hash").GetString());
    }

    [Fact]
    public async Task Cleanup_deletes_only_the_callers_events()
    {
        var (a, b) = await CreateTenantsAsync();
        var before = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await Api.SendAsync(a.AdminClient(factory), HttpMethod.Delete, $"{Api.Logs}/cleanup?before={before}", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(EventsOfA, (await Api.ReadJsonAsync(response)).GetProperty("deleted").GetInt64());
        Assert.Empty(await Api.ListAsync(a.ReaderClient(factory), a.Service));
        await b.AssertAllEventsRemainAsync(factory);
        Assert.True((await Api.GetJsonAsync(b.ReaderClient(factory), $"{Api.Logs}/verify")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Amending_another_tenants_event_is_not_found()
    {
        var (a, b) = await CreateTenantsAsync();
        var client = a.AdminClient(factory);

        using var put = await Api.SendAsync(client, HttpMethod.Put, $"{Api.Logs}/{b.EventIds[0]}", Api.Json(Api.Event(a.Service, a.UserId)));
        using var patch = await Api.SendAsync(client, HttpMethod.Patch, $"{Api.Logs}/{b.EventIds[1]}", Api.Json(new JsonObject { ["event_type"] = "tampered" }, "application/merge-patch+json"));

        await ProblemAssert.IsAsync(put, HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(patch, HttpStatusCode.NotFound, "not-found");
        await b.AssertAllEventsRemainAsync(factory);
        Assert.Equal(EventsOfA, (await Api.ListAsync(a.ReaderClient(factory), a.Service)).Count);
    }

    [Fact]
    public async Task Keys_of_another_tenant_cannot_be_read_or_revoked()
    {
        var (a, b) = await CreateTenantsAsync();
        var client = a.AdminClient(factory);

        using var get = await client.GetAsync($"{IdentityApi.Keys}/{b.Reader.Key.Id}", TestContext.Current.CancellationToken);
        using var revoke = await Api.SendAsync(client, HttpMethod.Delete, $"{IdentityApi.Keys}/{b.Reader.Key.Id}", content: null);
        var list = await IdentityApi.GetTextAsync(client, IdentityApi.Keys);

        await ProblemAssert.IsAsync(get, HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(revoke, HttpStatusCode.NotFound, "not-found");
        b.AssertAbsentFrom(list);
        Assert.Contains(a.Reader.Key.Id.ToString(), list, StringComparison.Ordinal);
        await Api.GetJsonAsync(b.ReaderClient(factory), Api.Logs);
    }

    [Fact]
    public async Task Users_of_another_tenant_cannot_be_read_or_changed()
    {
        var (a, b) = await CreateTenantsAsync();
        var userOfB = await IdentityApi.StoreUserWithoutPasswordAsync(factory, b.Id);
        var client = a.AdminClient(factory);

        using var get = await client.GetAsync($"{IdentityApi.Users}/{userOfB.Id}", TestContext.Current.CancellationToken);
        using var patch = await Api.SendAsync(client, HttpMethod.Patch, $"{IdentityApi.Users}/{userOfB.Id}", Api.Json(new JsonObject { ["disabled"] = true, ["role"] = "tenant-admin" }));
        var list = await IdentityApi.GetTextAsync(client, IdentityApi.Users);

        await ProblemAssert.IsAsync(get, HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(patch, HttpStatusCode.NotFound, "not-found");
        Assert.DoesNotContain(userOfB.Email, list, StringComparison.Ordinal);
        Assert.DoesNotContain(userOfB.Id.ToString(), list, StringComparison.Ordinal);
        var unchanged = await factory.Services.GetRequiredService<IIdentityStore>().GetUserAsync(b.Id, userOfB.Id, TestContext.Current.CancellationToken);
        Assert.False(unchanged!.Disabled);
        Assert.Equal(Role.Reader, unchanged.Role);
    }

    [Fact]
    public async Task Naming_another_tenant_without_the_platform_scope_is_tenant_not_found()
    {
        var (a, b) = await CreateTenantsAsync();
        var client = a.AdminClient(factory);

        foreach (var named in new[] { b.Id, Tenants.Default, "no-such-tenant" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Api.Logs}?src_service={b.Service}");
            request.Headers.Add(IdentityApi.TenantHeader, named);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "tenant-not-found");
            b.AssertAbsentFrom(problem.GetRawText());
        }

        using var own = new HttpRequestMessage(HttpMethod.Get, Api.Logs);
        own.Headers.Add(IdentityApi.TenantHeader, a.Id);
        using var ownResponse = await client.SendAsync(own, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ownResponse.StatusCode);
    }

    [Fact]
    public async Task Platform_admin_acts_on_another_tenant_only_by_naming_it()
    {
        var (_, b) = await CreateTenantsAsync();
        var platform = factory.CreatePlatformClient();
        var named = factory.CreatePlatformClient();
        named.DefaultRequestHeaders.Add(IdentityApi.TenantHeader, b.Id);

        var own = await IdentityApi.GetTextAsync(platform, $"{Api.Logs}?src_service={b.Service}");
        var ownEverything = await IdentityApi.GetTextAsync(platform, $"{Api.Logs}?limit=1000");
        var ofB = await Api.ListAsync(named, b.Service);
        var me = await Api.GetJsonAsync(named, IdentityApi.Me);
        var written = await Api.CreateAsync(named, Api.Event(b.Service, b.UserId));

        b.AssertAbsentFrom(own);
        b.AssertAbsentFrom(ownEverything);
        Assert.Equal(b.EventIds, ofB.Select(e => e.GetProperty("id").GetString()!));
        Assert.Equal(Tenants.Default, me.GetProperty("tenant_id").GetString());
        Assert.Equal(b.Id, me.GetProperty("acting_tenant_id").GetString());
        Assert.Equal(b.Id, written.GetProperty("tenant_id").GetString());
        Assert.Equal(EventsOfB + 1, (await Api.ListAsync(b.ReaderClient(factory), b.Service)).Count);
    }

    [Fact]
    public async Task Platform_admin_naming_an_unknown_tenant_gets_tenant_not_found()
    {
        var client = factory.CreatePlatformClient();
        client.DefaultRequestHeaders.Add(IdentityApi.TenantHeader, IdentityApi.UniqueTenantId("ghost"));

        using var response = await client.GetAsync(Api.Logs, TestContext.Current.CancellationToken);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "tenant-not-found");
    }

    private async Task<(IsolatedTenant A, IsolatedTenant B)> CreateTenantsAsync() =>
        (await IsolatedTenant.CreateAsync(factory, "iso-a", EventsOfA), await IsolatedTenant.CreateAsync(factory, "iso-b", EventsOfB));
}
