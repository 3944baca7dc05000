using System.Net;
using System.Text.Json.Nodes;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

public sealed class SessionTests(SessionFactory factory) : IClassFixture<SessionFactory>
{
    private readonly HttpClient anonymous = factory.CreateAnonymousClient();

    [Fact]
    public async Task Login_returns_a_bearer_token_and_a_refresh_token()
    {
        using var response = await IdentityApi.PostLoginAsync(anonymous, factory.Email, IdentityApi.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await Api.ReadJsonAsync(response);

        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.InRange(tokens.GetProperty("expires_in").GetInt32(), 890, 900);
        Assert.InRange(tokens.GetProperty("expires_at").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));
        Assert.Matches("^tgr_[0-9A-Za-z]{43}$", tokens.GetProperty("refresh_token").GetString());
        Assert.InRange(tokens.GetProperty("refresh_token_expires_at").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddDays(29), DateTimeOffset.UtcNow.AddDays(31));
        var me = await Api.GetJsonAsync(IdentityApi.BearerClient(factory, tokens.GetProperty("access_token").GetString()!), IdentityApi.Me);
        Assert.Equal(factory.UserId.ToString(), me.GetProperty("subject").GetString());
        Assert.Equal("tenant-admin", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Login_with_a_wrong_password_answers_401_invalid_credentials_like_an_unknown_email()
    {
        using var wrongPassword = await IdentityApi.PostLoginAsync(anonymous, factory.Email, IdentityApi.Password + "x");
        using var unknownEmail = await IdentityApi.PostLoginAsync(anonymous, "x" + factory.Email, IdentityApi.Password);

        var problem = await ProblemAssert.IsAsync(wrongPassword, HttpStatusCode.Unauthorized, "invalid-credentials");
        var unknown = await ProblemAssert.IsAsync(unknownEmail, HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.Equal(unknown.GetProperty("title").GetString(), problem.GetProperty("title").GetString());
        Assert.Equal(unknown.GetProperty("detail").GetString(), problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Refresh_rotates_and_reusing_an_old_token_revokes_the_whole_session()
    {
        var first = await IdentityApi.LogInAsync(factory, factory.Email);

        using var refreshed = await IdentityApi.PostRefreshTokenAsync(anonymous, IdentityApi.Refresh, first.RefreshToken);
        var second = await IdentityApi.ReadSessionAsync(refreshed);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        await Api.GetJsonAsync(IdentityApi.BearerClient(factory, second.AccessToken), IdentityApi.Me);

        using var reused = await IdentityApi.PostRefreshTokenAsync(anonymous, IdentityApi.Refresh, first.RefreshToken);
        await ProblemAssert.IsAsync(reused, HttpStatusCode.Unauthorized, "invalid-refresh-token");
        using var afterReuse = await IdentityApi.PostRefreshTokenAsync(anonymous, IdentityApi.Refresh, second.RefreshToken);
        await ProblemAssert.IsAsync(afterReuse, HttpStatusCode.Unauthorized, "invalid-refresh-token");
    }

    [Fact]
    public async Task Refresh_token_can_be_exchanged_again_and_again_while_unused()
    {
        var session = await IdentityApi.LogInAsync(factory, factory.Email);

        for (var i = 0; i < 3; i++)
        {
            using var response = await IdentityApi.PostRefreshTokenAsync(anonymous, IdentityApi.Refresh, session.RefreshToken);
            session = await IdentityApi.ReadSessionAsync(response);
        }

        await Api.GetJsonAsync(IdentityApi.BearerClient(factory, session.AccessToken), IdentityApi.Me);
    }

    [Fact]
    public async Task Logout_revokes_the_refresh_token()
    {
        var session = await IdentityApi.LogInAsync(factory, factory.Email);

        using var logout = await IdentityApi.PostRefreshTokenAsync(anonymous, IdentityApi.Logout, session.RefreshToken);
        using var refresh = await IdentityApi.PostRefreshTokenAsync(anonymous, IdentityApi.Refresh, session.RefreshToken);
        using var again = await IdentityApi.PostRefreshTokenAsync(anonymous, IdentityApi.Logout, session.RefreshToken);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await ProblemAssert.IsAsync(refresh, HttpStatusCode.Unauthorized, "invalid-refresh-token");
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
    }

    [Fact]
    public async Task Disabled_user_can_neither_log_in_nor_refresh()
    {
        var email = IdentityApi.UniqueEmail("disabled");
        var user = await IdentityApi.CreateUserAsync(factory, Tenants.Default, email, Role.Reader);
        var session = await IdentityApi.LogInAsync(factory, email);

        using var disable = await Api.SendAsync(factory.CreateClient(), HttpMethod.Patch, $"{IdentityApi.Users}/{user.Id}", Api.Json(new JsonObject { ["disabled"] = true }));
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        using var login = await IdentityApi.PostLoginAsync(anonymous, email, IdentityApi.Password);
        using var refresh = await IdentityApi.PostRefreshTokenAsync(anonymous, IdentityApi.Refresh, session.RefreshToken);

        await ProblemAssert.IsAsync(login, HttpStatusCode.Unauthorized, "invalid-credentials");
        await ProblemAssert.IsAsync(refresh, HttpStatusCode.Unauthorized, "invalid-refresh-token");
    }

    [Fact]
    public async Task Refresh_and_logout_refuse_a_body_of_the_wrong_shape()
    {
        using var missing = await Api.PostAsync(anonymous, IdentityApi.Refresh, new JsonObject());
        using var unknown = await Api.PostAsync(anonymous, IdentityApi.Logout, new JsonObject { ["refresh_token"] = "tgr_x", ["extra"] = 1 });

        await ProblemAssert.IsAsync(missing, HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsAsync(unknown, HttpStatusCode.BadRequest, "validation-failed");
    }
}
