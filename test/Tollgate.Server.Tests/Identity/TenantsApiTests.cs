using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

public sealed class TenantsApiTests(PlatformAdminFactory factory) : IClassFixture<PlatformAdminFactory>
{
    private readonly HttpClient platform = factory.CreatePlatformClient();

    [Fact]
    public async Task Platform_admin_creates_lists_gets_and_renames_a_tenant()
    {
        var id = IdentityApi.UniqueTenantId("acme");

        using var create = await Api.PostAsync(platform, IdentityApi.Tenants, new JsonObject { ["id"] = id, ["name"] = " Acme Corp " });
        var created = await Api.ReadJsonAsync(create);
        Assert.True(create.StatusCode == HttpStatusCode.Created, created.GetRawText());
        Assert.Equal($"{IdentityApi.Tenants}/{id}", create.Headers.Location?.OriginalString);
        Assert.Equal(id, created.GetProperty("id").GetString());
        Assert.Equal("Acme Corp", created.GetProperty("name").GetString());
        Assert.False(created.GetProperty("disabled").GetBoolean());

        var list = await Api.GetJsonAsync(platform, IdentityApi.Tenants);
        Assert.Contains(id, list.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Contains(Tenants.Default, list.EnumerateArray().Select(t => t.GetProperty("id").GetString()));

        using var rename = await Api.SendAsync(platform, HttpMethod.Patch, $"{IdentityApi.Tenants}/{id}", Api.Json(new JsonObject { ["name"] = "Acme Inc" }));
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        var fetched = await Api.GetJsonAsync(platform, $"{IdentityApi.Tenants}/{id}");
        Assert.Equal("Acme Inc", fetched.GetProperty("name").GetString());
        var createdAt = created.GetProperty("created_at").GetDateTimeOffset();
        Assert.InRange(fetched.GetProperty("created_at").GetDateTimeOffset(), createdAt.AddMicroseconds(-1), createdAt);
    }

    [Fact]
    public async Task Creating_a_tenant_twice_answers_409_already_exists()
    {
        var id = IdentityApi.UniqueTenantId("twice");
        using var first = await Api.PostAsync(platform, IdentityApi.Tenants, new JsonObject { ["id"] = id });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await Api.PostAsync(platform, IdentityApi.Tenants, new JsonObject { ["id"] = id, ["name"] = "Other" });

        await ProblemAssert.IsAsync(second, HttpStatusCode.Conflict, "already-exists");
        Assert.Equal(id, (await Api.GetJsonAsync(platform, $"{IdentityApi.Tenants}/{id}")).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("Upper-Case")]
    [InlineData("under_score")]
    [InlineData("-leading-dash")]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("this-id-is-far-too-long-to-be-a-tenant-id-because-it-has-64-chars")]
    public async Task Malformed_tenant_id_answers_400(string id)
    {
        using var response = await Api.PostAsync(platform, IdentityApi.Tenants, new JsonObject { ["id"] = id });

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task Unknown_tenant_answers_404()
    {
        var id = IdentityApi.UniqueTenantId("ghost");

        using var get = await platform.GetAsync($"{IdentityApi.Tenants}/{id}", TestContext.Current.CancellationToken);
        using var patch = await Api.SendAsync(platform, HttpMethod.Patch, $"{IdentityApi.Tenants}/{id}", Api.Json(new JsonObject { ["disabled"] = true }));

        await ProblemAssert.IsAsync(get, HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(patch, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Disabling_a_tenant_refuses_its_keys_users_and_sessions_until_it_is_enabled_again()
    {
        var id = IdentityApi.UniqueTenantId("paused");
        using var create = await Api.PostAsync(platform, IdentityApi.Tenants, new JsonObject { ["id"] = id });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var key = await IdentityApi.CreateKeyAsync(factory, id, [Scopes.Read]);
        using var keyClient = IdentityApi.BearerClient(factory, key.Secret);
        var email = IdentityApi.UniqueEmail("paused");
        await IdentityApi.CreateUserAsync(factory, id, email, Role.Reader);
        var session = await IdentityApi.LogInAsync(factory, email);
        using var sessionClient = IdentityApi.BearerClient(factory, session.AccessToken);
        await Api.GetJsonAsync(keyClient, Api.Logs);

        var disabled = await PatchAsync(id, new JsonObject { ["disabled"] = true });
        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        using var byKey = await keyClient.GetAsync(Api.Logs, TestContext.Current.CancellationToken);
        using var byToken = await sessionClient.GetAsync(Api.Logs, TestContext.Current.CancellationToken);
        using var login = await IdentityApi.PostLoginAsync(factory.CreateAnonymousClient(), email, IdentityApi.Password);
        using var refresh = await IdentityApi.PostRefreshTokenAsync(factory.CreateAnonymousClient(), IdentityApi.Refresh, session.RefreshToken);
        await ProblemAssert.IsAsync(byKey, HttpStatusCode.Forbidden, "tenant-disabled");
        await ProblemAssert.IsAsync(byToken, HttpStatusCode.Forbidden, "tenant-disabled");
        await ProblemAssert.IsAsync(login, HttpStatusCode.Forbidden, "tenant-disabled");
        await ProblemAssert.IsAsync(refresh, HttpStatusCode.Forbidden, "tenant-disabled");

        var enabled = await PatchAsync(id, new JsonObject { ["disabled"] = false });
        Assert.False(enabled.GetProperty("disabled").GetBoolean());
        await Api.GetJsonAsync(keyClient, Api.Logs);
        await Api.GetJsonAsync(sessionClient, Api.Logs);
        using var refreshed = await IdentityApi.PostRefreshTokenAsync(factory.CreateAnonymousClient(), IdentityApi.Refresh, session.RefreshToken);
        await IdentityApi.ReadSessionAsync(refreshed);
    }

    [Fact]
    public async Task Platform_admin_cannot_disable_its_own_tenant()
    {
        using var response = await Api.SendAsync(platform, HttpMethod.Patch, $"{IdentityApi.Tenants}/{Tenants.Default}", Api.Json(new JsonObject { ["disabled"] = true }));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.False((await Api.GetJsonAsync(platform, $"{IdentityApi.Tenants}/{Tenants.Default}")).GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task Platform_admin_creates_a_key_in_a_named_tenant()
    {
        var id = await IdentityApi.CreateTenantAsync(factory, IdentityApi.UniqueTenantId("named"));
        var client = factory.CreatePlatformClient();
        client.DefaultRequestHeaders.Add(IdentityApi.TenantHeader, id);

        using var response = await Api.PostAsync(client, IdentityApi.Keys, new JsonObject { ["name"] = "for named", ["scopes"] = new JsonArray("ingest") });
        var created = await Api.ReadJsonAsync(response);
        var written = await Api.CreateAsync(IdentityApi.BearerClient(factory, created.GetProperty("key").GetString()!), Api.Event("named"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(id, created.GetProperty("api_key").GetProperty("tenant_id").GetString());
        Assert.Equal(id, written.GetProperty("tenant_id").GetString());
    }

    private async Task<JsonElement> PatchAsync(string id, JsonObject body)
    {
        using var response = await Api.SendAsync(platform, HttpMethod.Patch, $"{IdentityApi.Tenants}/{id}", Api.Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Api.ReadJsonAsync(response);
    }
}
