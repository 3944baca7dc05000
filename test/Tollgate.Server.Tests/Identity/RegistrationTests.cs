using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

/// <summary>A server with <c>Identity:AllowRegistration</c> on.</summary>
public sealed class RegistrationFactory : TollgateFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Identity:AllowRegistration"] = "true",
    };
}

public sealed class RegistrationTests(RegistrationFactory factory) : IClassFixture<RegistrationFactory>
{
    private readonly HttpClient anonymous = factory.CreateAnonymousClient();

    [Fact]
    public async Task Registration_creates_a_tenant_whose_admin_can_log_in_and_manage_only_it()
    {
        var email = IdentityApi.UniqueEmail("founder");
        var tenant = IdentityApi.UniqueTenantId("startup");

        using var register = await Api.PostAsync(anonymous, IdentityApi.Register, new JsonObject
        {
            ["email"] = email, ["password"] = IdentityApi.Password, ["tenant_id"] = tenant, ["tenant_name"] = " Startup ",
        });

        var user = await Api.ReadJsonAsync(register);
        Assert.True(register.StatusCode == HttpStatusCode.Created, user.GetRawText());
        Assert.Equal(tenant, user.GetProperty("tenant_id").GetString());
        Assert.Equal("tenant-admin", user.GetProperty("role").GetString());
        var stored = await factory.Services.GetRequiredService<IIdentityStore>().GetTenantAsync(tenant, TestContext.Current.CancellationToken);
        Assert.Equal("Startup", stored?.Name);

        var session = await IdentityApi.LogInAsync(factory, email);
        using var client = IdentityApi.BearerClient(factory, session.AccessToken);
        var me = await Api.GetJsonAsync(client, IdentityApi.Me);
        Assert.Equal(tenant, me.GetProperty("tenant_id").GetString());
        Assert.DoesNotContain("platform", me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        using var tenants = await client.GetAsync(IdentityApi.Tenants, TestContext.Current.CancellationToken);
        await ProblemAssert.IsAsync(tenants, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Registering_a_taken_email_or_tenant_answers_409_and_changes_nothing()
    {
        var email = IdentityApi.UniqueEmail("first");
        var tenant = IdentityApi.UniqueTenantId("taken");
        using var first = await Api.PostAsync(anonymous, IdentityApi.Register, new JsonObject { ["email"] = email, ["password"] = IdentityApi.Password, ["tenant_id"] = tenant });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var sameEmail = await Api.PostAsync(anonymous, IdentityApi.Register, new JsonObject { ["email"] = email, ["password"] = IdentityApi.Password, ["tenant_id"] = IdentityApi.UniqueTenantId("other") });
        using var sameTenant = await Api.PostAsync(anonymous, IdentityApi.Register, new JsonObject { ["email"] = IdentityApi.UniqueEmail("second"), ["password"] = IdentityApi.Password, ["tenant_id"] = tenant });

        await ProblemAssert.IsAsync(sameEmail, HttpStatusCode.Conflict, "already-exists");
        await ProblemAssert.IsAsync(sameTenant, HttpStatusCode.Conflict, "already-exists");
        var users = await factory.Services.GetRequiredService<IIdentityStore>().ListUsersAsync(tenant, TestContext.Current.CancellationToken);
        Assert.Equal([email], users.Select(u => u.Email));
    }

    [Fact]
    public async Task Registering_with_a_common_password_answers_400_and_creates_no_tenant()
    {
        var tenant = IdentityApi.UniqueTenantId("weak");

        using var response = await Api.PostAsync(anonymous, IdentityApi.Register, new JsonObject { ["email"] = IdentityApi.UniqueEmail("weak"), ["password"] = "password1234", ["tenant_id"] = tenant });

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "weak-password");
        Assert.Null(await factory.Services.GetRequiredService<IIdentityStore>().GetTenantAsync(tenant, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Registering_with_a_malformed_tenant_id_or_unknown_member_answers_400()
    {
        using var badId = await Api.PostAsync(anonymous, IdentityApi.Register, new JsonObject { ["email"] = IdentityApi.UniqueEmail("bad"), ["password"] = IdentityApi.Password, ["tenant_id"] = "Not A Slug" });
        using var unknown = await Api.PostAsync(anonymous, IdentityApi.Register, new JsonObject { ["email"] = IdentityApi.UniqueEmail("bad"), ["password"] = IdentityApi.Password, ["tenant_id"] = IdentityApi.UniqueTenantId("ok"), ["role"] = "platform-admin" });

        await ProblemAssert.IsAsync(badId, HttpStatusCode.BadRequest, "validation-failed");
        var problem = await ProblemAssert.IsAsync(unknown, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Contains("role", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
