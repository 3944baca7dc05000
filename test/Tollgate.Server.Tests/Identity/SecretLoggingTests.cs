using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Identity.ApiKeys;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Testing.Tokens;

namespace Tollgate.Server.Tests.Identity;

public sealed class SecretLoggingTests(LogCaptureFactory factory) : IClassFixture<LogCaptureFactory>
{
    [Fact]
    public async Task No_password_key_signing_secret_or_token_reaches_the_logs_even_at_trace_level()
    {
        var secrets = new List<string> { factory.ApiKey[3..] };
        var anonymous = factory.CreateAnonymousClient();
        var email = IdentityApi.UniqueEmail("logged");
        const string wrongPassword = "amber-lantern-orbit-42";
        secrets.Add(IdentityApi.Password);
        secrets.Add(wrongPassword);
        await IdentityApi.CreateUserAsync(factory, Tenants.Default, email, Role.TenantAdmin);

        // Logins, wrong and right.
        using (var wrong = await IdentityApi.PostLoginAsync(anonymous, email, wrongPassword))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var session = await IdentityApi.LogInAsync(factory, email);
        AddToken(secrets, session);
        var user = IdentityApi.BearerClient(factory, session.AccessToken);
        await Api.GetJsonAsync(user, IdentityApi.Me);

        // Key creation and use, as bearer, as X-Api-Key and signed.
        var (signingKey, signingKeyId, signingSecret) = await CreateKeyAsync(user, "optional");
        var (plainKey, plainKeyId, _) = await CreateKeyAsync(user, "none");
        secrets.Add(signingKey[3..]);
        secrets.Add(plainKey[3..]);
        secrets.Add(signingSecret![4..]);
        await Api.GetJsonAsync(IdentityApi.BearerClient(factory, signingKey), Api.Logs);
        await Api.GetJsonAsync(IdentityApi.HeaderClient(factory, "X-Api-Key", plainKey), Api.Logs);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var nonce = SignedRequest.NewNonce();
        var body = Encoding.UTF8.GetBytes(Api.Event("logged").ToJsonString());
        await ExpectAsync(anonymous, SignedRequest.Create(HttpMethod.Post, Api.Logs, body, signingKeyId, signingSecret, now, nonce), HttpStatusCode.Created);

        // Failing credentials: replayed and wrongly signed requests, unknown keys, forged tokens.
        await ExpectAsync(anonymous, SignedRequest.Create(HttpMethod.Post, Api.Logs, body, signingKeyId, signingSecret, now, nonce), HttpStatusCode.Unauthorized);
        await ExpectAsync(anonymous, SignedRequest.Create(HttpMethod.Post, Api.Logs, body, signingKeyId, signingSecret + "x", now), HttpStatusCode.Unauthorized);
        var unknownKey = plainKey[..^1] + (plainKey[^1] == 'a' ? 'b' : 'a');
        secrets.Add(unknownKey[3..]);
        using (var unknown = await IdentityApi.BearerClient(factory, unknownKey).GetAsync(Api.Logs, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        }

        var forgedToken = TestTokens.Tamper(session.AccessToken, payload => payload["role"] = "platform-admin");
        secrets.Add(forgedToken);
        using (var forged = await IdentityApi.BearerClient(factory, forgedToken).GetAsync(Api.Logs, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        // Refresh, reuse of a used refresh token, an unknown one, logout; then revoke a key and use it.
        using (var refreshed = await IdentityApi.PostRefreshTokenAsync(anonymous, IdentityApi.Refresh, session.RefreshToken))
        {
            AddToken(secrets, await IdentityApi.ReadSessionAsync(refreshed));
        }

        using (var reused = await IdentityApi.PostRefreshTokenAsync(anonymous, IdentityApi.Refresh, session.RefreshToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        }

        const string unknownRefreshToken = "tgr_UnknownRefreshTokenThatNobodyWasEverGiven0";
        secrets.Add(unknownRefreshToken[4..]);
        using (var unknown = await IdentityApi.PostRefreshTokenAsync(anonymous, IdentityApi.Refresh, unknownRefreshToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        }

        using (var logout = await IdentityApi.PostRefreshTokenAsync(anonymous, IdentityApi.Logout, session.RefreshToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        await IdentityApi.SendForTextAsync(user, HttpMethod.Delete, $"{IdentityApi.Keys}/{plainKeyId}", HttpStatusCode.OK);
        using (var revoked = await IdentityApi.HeaderClient(factory, "X-Api-Key", plainKey).GetAsync(Api.Logs, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        }

        await factory.Services.GetRequiredService<ApiKeyUsageTracker>().FlushAsync(TestContext.Current.CancellationToken);

        var logs = factory.Logs.Entries;
        Assert.Contains(logs, e => e.Contains("API key authentication failed", StringComparison.Ordinal));
        Assert.Contains(logs, e => e.StartsWith("Debug", StringComparison.Ordinal) && e.Contains(IdentityApi.Login, StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.True(secret.Length >= 12, "Too short to search for.");
            var leak = logs.FirstOrDefault(e => e.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"A secret reached the logs: {leak}");
        }
    }

    private static void AddToken(List<string> secrets, Session session)
    {
        secrets.Add(session.AccessToken);
        secrets.Add(session.AccessToken.Split('.')[2]);
        secrets.Add(session.RefreshToken[4..]);
    }

    private static async Task<(string Key, Guid Id, string? SigningSecret)> CreateKeyAsync(HttpClient client, string signing)
    {
        using var response = await Api.PostAsync(client, IdentityApi.Keys, new JsonObject { ["name"] = "logged", ["scopes"] = new JsonArray("read", "ingest"), ["signing"] = signing });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await Api.ReadJsonAsync(response);
        return (created.GetProperty("key").GetString()!, created.GetProperty("api_key").GetProperty("id").GetGuid(), created.GetProperty("signing_secret").GetString());
    }

    private static async Task ExpectAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected)
    {
        using (request)
        {
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(expected, response.StatusCode);
        }
    }
}
