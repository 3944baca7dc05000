using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Identity;
using Tollgate.Identity.ApiKeys;
using Tollgate.Identity.Users;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>Small helpers for the identity API: sessions, clients with given credentials, users, tenants and keys.</summary>
public static class IdentityApi
{
    public const string Login = "/api/v1/auth/login";
    public const string Refresh = "/api/v1/auth/refresh";
    public const string Logout = "/api/v1/auth/logout";
    public const string Register = "/api/v1/auth/register";
    public const string Me = "/api/v1/auth/me";
    public const string Tenants = "/api/v1/tenants";
    public const string Users = "/api/v1/users";
    public const string Keys = "/api/v1/keys";

    /// <summary>The header a platform admin sets to act on another tenant.</summary>
    public const string TenantHeader = "X-Tollgate-Tenant";

    /// <summary>A password the policy accepts (long, not common).</summary>
    public const string Password = "violet-harbor-compass-7";

    /// <summary>A unique email, so tests sharing a database do not collide.</summary>
    public static string UniqueEmail(string prefix) => Api.Unique(prefix) + "@tollgate.test";

    /// <summary>A unique, well-formed tenant id.</summary>
    public static string UniqueTenantId(string prefix) => Api.Unique(prefix);

    /// <summary>A client that sends <c>Authorization: Bearer <paramref name="credential"/></c> (an API key or an access token).</summary>
    public static HttpClient BearerClient(TollgateFactory factory, string credential)
    {
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return client;
    }

    /// <summary>A client that sends one header and no <c>Authorization</c>.</summary>
    public static HttpClient HeaderClient(TollgateFactory factory, string name, string value)
    {
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        return client;
    }

    /// <summary>Posts a login and returns the raw response.</summary>
    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password) =>
        Api.PostAsync(client, Login, new JsonObject { ["email"] = email, ["password"] = password });

    /// <summary>Posts a refresh token to <paramref name="url"/> (refresh or logout) and returns the raw response.</summary>
    public static Task<HttpResponseMessage> PostRefreshTokenAsync(HttpClient client, string url, string refreshToken) =>
        Api.PostAsync(client, url, new JsonObject { ["refresh_token"] = refreshToken });

    /// <summary>Logs in over HTTP, asserting 200, and returns the session's tokens.</summary>
    public static async Task<Session> LogInAsync(TollgateFactory factory, string email, string password = Password)
    {
        using var client = factory.CreateAnonymousClient();
        using var response = await PostLoginAsync(client, email, password);
        return await ReadSessionAsync(response);
    }

    /// <summary>The tokens of a 200 login or refresh response.</summary>
    public static async Task<Session> ReadSessionAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        return new Session(root.GetProperty("access_token").GetString()!, root.GetProperty("refresh_token").GetString()!);
    }

    /// <summary>Creates a user with a real password hash through the server's own accounts service.</summary>
    public static async Task<User> CreateUserAsync(TollgateFactory factory, string tenantId, string email, Role role, string password = Password)
    {
        var result = await factory.Services.GetRequiredService<UserAccounts>().CreateAsync(tenantId, email, password, role, TestContext.Current.CancellationToken);
        Assert.True(result.Outcome == UserCreation.Created, $"Could not create {email}: {result.Outcome} {result.Message}");
        return result.User!;
    }

    /// <summary>
    /// Stores a user who cannot log in (no password hashing, so it is cheap), for tests that only need a user to exist.
    /// </summary>
    public static async Task<User> StoreUserWithoutPasswordAsync(TollgateFactory factory, string tenantId, Role role = Role.Reader)
    {
        var user = new User(Guid.CreateVersion7(), tenantId, UniqueEmail("nologin"), role, "none", Disabled: false, DateTimeOffset.UtcNow, LastLoginAt: null);
        Assert.True(await factory.Services.GetRequiredService<IIdentityStore>().CreateUserAsync(user, TestContext.Current.CancellationToken));
        return user;
    }

    /// <summary>Creates a tenant directly in the store.</summary>
    public static async Task<string> CreateTenantAsync(TollgateFactory factory, string tenantId)
    {
        var tenant = new Tenant(tenantId, tenantId, Disabled: false, DateTimeOffset.UtcNow);
        Assert.True(await factory.Services.GetRequiredService<IIdentityStore>().CreateTenantAsync(tenant, TestContext.Current.CancellationToken));
        return tenantId;
    }

    /// <summary>Creates an API key through the server's issuer; the result carries its id, secret and signing secret.</summary>
    public static Task<CreatedApiKey> CreateKeyAsync(
        TollgateFactory factory, string tenantId, IReadOnlyList<string> scopes, ApiKeySigning signing = ApiKeySigning.None, DateTimeOffset? expiresAt = null) =>
        factory.Services.GetRequiredService<ApiKeyIssuer>().CreateAsync(tenantId, "tests", scopes, signing, expiresAt, "tests", TestContext.Current.CancellationToken);

    /// <summary>Sends a request and returns the response text, asserting the status.</summary>
    public static async Task<string> SendForTextAsync(HttpClient client, HttpMethod method, string url, HttpStatusCode expected, HttpContent? content = null)
    {
        using var response = await Api.SendAsync(client, method, url, content);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"{method} {url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>GETs <paramref name="url"/> and returns the body, asserting 200.</summary>
    public static Task<string> GetTextAsync(HttpClient client, string url) => SendForTextAsync(client, HttpMethod.Get, url, HttpStatusCode.OK);
}
