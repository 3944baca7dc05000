using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

/// <summary>User management by a tenant admin (the default tenant's admin API key).</summary>
public sealed class UsersApiTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    private readonly HttpClient admin = factory.CreateClient();

    [Fact]
    public async Task Tenant_admin_creates_a_user_who_can_log_in()
    {
        var email = IdentityApi.UniqueEmail("New.User");

        using var response = await Api.PostAsync(admin, IdentityApi.Users, User(email, IdentityApi.Password, "writer"));
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var created = await Api.ReadJsonAsync(response);
        var id = created.GetProperty("id").GetString();

        Assert.Equal($"{IdentityApi.Users}/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(email.ToLowerInvariant(), created.GetProperty("email").GetString());
        Assert.Equal("writer", created.GetProperty("role").GetString());
        Assert.Equal(Tenants.Default, created.GetProperty("tenant_id").GetString());
        Assert.DoesNotContain(IdentityApi.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        var list = await IdentityApi.GetTextAsync(admin, IdentityApi.Users);
        Assert.Contains(id!, list, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", list, StringComparison.Ordinal);
        var session = await IdentityApi.LogInAsync(factory, email);
        var me = await Api.GetJsonAsync(IdentityApi.BearerClient(factory, session.AccessToken), IdentityApi.Me);
        Assert.Equal(id, me.GetProperty("subject").GetString());
        Assert.Equal(["ingest"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [InlineData("short-pass")]
    [InlineData("qwerty123456")]
    [InlineData("QWERTY123456")]
    [InlineData("aaaaaaaaaaaaaaaaaaaa")]
    [InlineData("{email}")]
    public async Task Weak_or_common_password_answers_400_weak_password(string password)
    {
        var email = IdentityApi.UniqueEmail("weak");

        using var response = await Api.PostAsync(admin, IdentityApi.Users, User(email, password.Replace("{email}", email, StringComparison.Ordinal), "reader"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "weak-password");
        Assert.Null(await factory.Services.GetRequiredService<IIdentityStore>().FindUserByEmailAsync(email, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Taken_email_answers_409_already_exists_whatever_its_case()
    {
        var existing = await IdentityApi.StoreUserWithoutPasswordAsync(factory, Tenants.Default);

        using var response = await Api.PostAsync(admin, IdentityApi.Users, User(existing.Email.ToUpperInvariant(), IdentityApi.Password, "reader"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "already-exists");
    }

    [Fact]
    public async Task Tenant_admin_cannot_grant_platform_admin()
    {
        var email = IdentityApi.UniqueEmail("escalate");
        var existing = await IdentityApi.StoreUserWithoutPasswordAsync(factory, Tenants.Default);

        using var create = await Api.PostAsync(admin, IdentityApi.Users, User(email, IdentityApi.Password, "platform-admin"));
        using var promote = await Api.SendAsync(admin, HttpMethod.Patch, $"{IdentityApi.Users}/{existing.Id}", Api.Json(new JsonObject { ["role"] = "platform-admin" }));

        await ProblemAssert.IsAsync(create, HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(promote, HttpStatusCode.Forbidden, "forbidden");
        var store = factory.Services.GetRequiredService<IIdentityStore>();
        Assert.Null(await store.FindUserByEmailAsync(email, TestContext.Current.CancellationToken));
        Assert.Equal(Role.Reader, (await store.GetUserAsync(Tenants.Default, existing.Id, TestContext.Current.CancellationToken))!.Role);
    }

    [Fact]
    public async Task Tenant_admin_cannot_change_a_platform_admin()
    {
        var platformAdmin = await IdentityApi.StoreUserWithoutPasswordAsync(factory, Tenants.Default, Role.PlatformAdmin);

        using var response = await Api.SendAsync(admin, HttpMethod.Patch, $"{IdentityApi.Users}/{platformAdmin.Id}", Api.Json(new JsonObject { ["disabled"] = true }));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
        var stored = await factory.Services.GetRequiredService<IIdentityStore>().GetUserAsync(Tenants.Default, platformAdmin.Id, TestContext.Current.CancellationToken);
        Assert.False(stored!.Disabled);
    }

    [Fact]
    public async Task Tenant_admin_changes_a_role()
    {
        var user = await IdentityApi.StoreUserWithoutPasswordAsync(factory, Tenants.Default);

        using var response = await Api.SendAsync(admin, HttpMethod.Patch, $"{IdentityApi.Users}/{user.Id}", Api.Json(new JsonObject { ["role"] = "tenant-admin" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tenant-admin", (await Api.GetJsonAsync(admin, $"{IdentityApi.Users}/{user.Id}")).GetProperty("role").GetString());
    }

    [Theory]
    [InlineData("not-an-email", "reader")]
    [InlineData("someone@tollgate.test", "owner")]
    public async Task Bad_email_or_unknown_role_answers_400(string email, string role)
    {
        using var response = await Api.PostAsync(admin, IdentityApi.Users, User(email, IdentityApi.Password, role));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task Unknown_user_answers_404()
    {
        using var response = await admin.GetAsync($"{IdentityApi.Users}/{Guid.NewGuid()}", TestContext.Current.CancellationToken);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    private static JsonObject User(string email, string password, string role) => new()
    {
        ["email"] = email,
        ["password"] = password,
        ["role"] = role,
    };
}
