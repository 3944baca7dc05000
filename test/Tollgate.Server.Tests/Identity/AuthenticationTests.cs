using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

public sealed class AuthenticationTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    private const string SomeId = "0196a2c4-5d6e-7f80-9a1b-2c3d4e5f6071";

    /// <summary>Every endpoint that needs credentials, by method and route pattern.</summary>
    private static readonly (string Method, string Pattern)[] ProtectedEndpoints =
    [
        ("GET", "/api/v1/auth/me"),
        ("GET", "/api/v1/tenants/"),
        ("POST", "/api/v1/tenants/"),
        ("GET", "/api/v1/tenants/{id}"),
        ("PATCH", "/api/v1/tenants/{id}"),
        ("GET", "/api/v1/users/"),
        ("POST", "/api/v1/users/"),
        ("GET", "/api/v1/users/{id:guid}"),
        ("PATCH", "/api/v1/users/{id:guid}"),
        ("GET", "/api/v1/keys/"),
        ("POST", "/api/v1/keys/"),
        ("GET", "/api/v1/keys/{id:guid}"),
        ("DELETE", "/api/v1/keys/{id:guid}"),
        ("POST", "/events/"),
        ("GET", "/events/"),
        ("POST", "/api/v1/logs/"),
        ("POST", "/api/v1/logs/bulk"),
        ("GET", "/api/v1/logs/"),
        ("GET", "/api/v1/logs/export"),
        ("GET", "/api/v1/logs/stats"),
        ("DELETE", "/api/v1/logs/cleanup"),
        ("GET", "/api/v1/logs/verify"),
        ("GET", "/api/v1/logs/{id}"),
        ("PUT", "/api/v1/logs/{id}"),
        ("PATCH", "/api/v1/logs/{id}"),
        ("GET", "/api/requests/"),
        ("GET", "/api/requests/{id}"),
        ("POST", "/api/v1/requests"),
        ("GET", "/api/analytics/summary"),
        ("GET", "/api/analytics/most-used"),
        ("GET", "/api/analytics/error-rates"),
        ("GET", "/api/analytics/response-times"),
        ("GET", "/api/analytics/consumers"),
        ("GET", "/api/analytics/timeseries"),
        ("GET", "/api/v1/pipeline"),
    ];

    /// <summary>The only endpoints anyone may call: health, the API description and the session endpoints.</summary>
    private static readonly string[] AnonymousEndpoints =
    [
        "* /health",
        "* /health/ready",
        "POST /api/v1/auth/login",
        "POST /api/v1/auth/refresh",
        "POST /api/v1/auth/logout",
        "POST /api/v1/auth/register",
    ];

    public static TheoryData<string, string> Endpoints()
    {
        var data = new TheoryData<string, string>();
        foreach (var (method, pattern) in ProtectedEndpoints)
        {
            data.Add(method, pattern);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Anonymous_call_is_refused_with_401_unauthenticated(string method, string pattern)
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await Api.SendAsync(client, new HttpMethod(method), Fill(pattern) + "?before=2020-01-01T00:00:00Z", Api.Json(Api.Event("svc")));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_mapped_endpoint_but_health_docs_and_sessions_refuses_anonymous_calls()
    {
        using var client = factory.CreateAnonymousClient();
        var anonymous = new List<string>();
        var checkedEndpoints = new List<(string, string)>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText!;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            if (pattern.StartsWith("/openapi/", StringComparison.Ordinal) || pattern.StartsWith("/docs", StringComparison.Ordinal))
            {
                continue;
            }

            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                anonymous.Add($"{(methods.Count == 0 ? "*" : string.Join(',', methods))} {pattern}");
                continue;
            }

            Assert.NotEmpty(methods);
            foreach (var method in methods)
            {
                using var response = await Api.SendAsync(client, new HttpMethod(method), Fill(pattern), Api.Json("{}"));
                await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
                checkedEndpoints.Add((method, pattern));
            }
        }

        Assert.Equal(AnonymousEndpoints.Order(StringComparer.Ordinal), anonymous.Order(StringComparer.Ordinal));
        Assert.Equal(ProtectedEndpoints.Order(), checkedEndpoints.Order());
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    public async Task Health_answers_200_without_credentials(string path)
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Login_with_an_unknown_email_answers_401_invalid_credentials()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await IdentityApi.PostLoginAsync(client, IdentityApi.UniqueEmail("nobody"), IdentityApi.Password);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [Fact]
    public async Task Refresh_with_an_unknown_token_answers_401_invalid_refresh_token()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await IdentityApi.PostRefreshTokenAsync(client, IdentityApi.Refresh, "tgr_" + new string('A', 43));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "invalid-refresh-token");
    }

    [Fact]
    public async Task Registration_is_off_by_default()
    {
        using var client = factory.CreateAnonymousClient();
        var body = new JsonObject { ["email"] = IdentityApi.UniqueEmail("reg"), ["password"] = IdentityApi.Password, ["tenant_id"] = IdentityApi.UniqueTenantId("reg") };

        using var response = await Api.PostAsync(client, IdentityApi.Register, body);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task An_api_key_authenticates_and_me_describes_it()
    {
        var me = await Api.GetJsonAsync(factory.CreateClient(), IdentityApi.Me);

        Assert.Equal("apikey", me.GetProperty("kind").GetString());
        Assert.Equal("default", me.GetProperty("tenant_id").GetString());
        Assert.Equal("default", me.GetProperty("acting_tenant_id").GetString());
        Assert.Equal(["admin", "ingest", "read"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).Order(StringComparer.Ordinal));
    }

    /// <summary>The pattern with every route parameter replaced by a well-formed id that matches nothing.</summary>
    private static string Fill(string pattern) => Regex.Replace(pattern, "\\{[^}]*\\}", SomeId);
}
