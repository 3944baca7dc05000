using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Identity.ApiKeys;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

public sealed class ApiKeyTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    private readonly HttpClient admin = factory.CreateClient();

    [Fact]
    public async Task Key_works_as_bearer_and_as_x_api_key()
    {
        var key = await factory.CreateApiKeyAsync(Tenants.Default, [Scopes.Read]);

        await Api.GetJsonAsync(IdentityApi.BearerClient(factory, key), Api.Logs);
        await Api.GetJsonAsync(IdentityApi.HeaderClient(factory, "X-Api-Key", key), Api.Logs);
    }

    [Fact]
    public async Task Revoked_key_is_refused_at_once()
    {
        var created = await CreateThroughApiAsync(new JsonObject { ["name"] = "to revoke", ["scopes"] = new JsonArray("read") });
        var secret = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("api_key").GetProperty("id").GetString();
        using var client = IdentityApi.BearerClient(factory, secret);
        await Api.GetJsonAsync(client, Api.Logs);

        var revoked = await Api.ReadJsonAsync(await Api.SendAsync(admin, HttpMethod.Delete, $"{IdentityApi.Keys}/{id}", content: null));
        using var after = await client.GetAsync(Api.Logs, TestContext.Current.CancellationToken);

        Assert.NotEqual(JsonValueKind.Null, revoked.GetProperty("revoked_at").ValueKind);
        var problem = await ProblemAssert.IsAsync(after, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var listed = await Api.GetJsonAsync(admin, $"{IdentityApi.Keys}/{id}");
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("revoked_at").ValueKind);
    }

    [Theory]
    [InlineData("ingest", "GET", "/api/v1/logs")]
    [InlineData("ingest", "GET", "/api/v1/logs/export")]
    [InlineData("ingest", "GET", "/events")]
    [InlineData("read", "POST", "/api/v1/logs")]
    [InlineData("read", "POST", "/api/v1/logs/bulk")]
    [InlineData("read", "POST", "/events")]
    [InlineData("read", "DELETE", "/api/v1/logs/cleanup?before=2020-01-01T00:00:00Z")]
    [InlineData("read,ingest", "GET", "/api/v1/keys")]
    [InlineData("read,ingest", "POST", "/api/v1/keys")]
    [InlineData("read,ingest", "GET", "/api/v1/users")]
    [InlineData("read,ingest,admin", "GET", "/api/v1/tenants")]
    [InlineData("read,ingest,admin", "POST", "/api/v1/tenants")]
    public async Task Key_without_the_needed_scope_gets_403_forbidden(string scopes, string method, string url)
    {
        var key = await factory.CreateApiKeyAsync(Tenants.Default, scopes.Split(','));
        using var client = IdentityApi.BearerClient(factory, key);

        using var response = await Api.SendAsync(client, new HttpMethod(method), url, Api.Json(Api.Event("svc")));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("scope", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authorization", "Bearer tg_short")]
    [InlineData("Authorization", "Bearer tg_0123456789012345678901234567890123456789!!!")]
    [InlineData("Authorization", "Bearer not-a-key-at-all")]
    [InlineData("X-Api-Key", "tg_short")]
    [InlineData("X-Api-Key", "garbage")]
    [InlineData("X-Api-Key", "")]
    public async Task Malformed_key_is_refused_with_401(string header, string value)
    {
        using var client = factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Api.Logs);
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Unknown_key_of_the_right_shape_is_refused_with_401()
    {
        var unknown = await factory.CreateApiKeyAsync(Tenants.Default, [Scopes.Read]);
        var forged = unknown[..^1] + (unknown[^1] == 'a' ? 'b' : 'a');

        using var response = await IdentityApi.BearerClient(factory, forged).GetAsync(Api.Logs, TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("not known", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_is_shown_only_at_creation_and_never_listed_with_its_hash()
    {
        var created = await CreateThroughApiAsync(new JsonObject { ["name"] = "listed", ["scopes"] = new JsonArray("read", "ingest"), ["signing"] = "optional" });
        var secret = created.GetProperty("key").GetString()!;
        var signingSecret = created.GetProperty("signing_secret").GetString()!;
        var record = created.GetProperty("api_key");
        var id = record.GetProperty("id").GetString();

        var list = await IdentityApi.SendForTextAsync(admin, HttpMethod.Get, IdentityApi.Keys, HttpStatusCode.OK);
        var single = await IdentityApi.SendForTextAsync(admin, HttpMethod.Get, $"{IdentityApi.Keys}/{id}", HttpStatusCode.OK);

        Assert.Matches("^tg_[0-9A-Za-z]{43}$", secret);
        Assert.StartsWith("tgs_", signingSecret, StringComparison.Ordinal);
        Assert.Equal(secret[..12], record.GetProperty("prefix").GetString());
        Assert.Contains(id!, list, StringComparison.Ordinal);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        foreach (var text in new[] { list, single, record.GetRawText() })
        {
            Assert.DoesNotContain(secret[3..], text, StringComparison.Ordinal);
            Assert.DoesNotContain(signingSecret[4..], text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(hash), text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(hash), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\"hash\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Creation_refuses_unknown_scopes_and_past_expiry()
    {
        using var platform = await Api.PostAsync(admin, IdentityApi.Keys, new JsonObject { ["name"] = "x", ["scopes"] = new JsonArray("platform") });
        using var none = await Api.PostAsync(admin, IdentityApi.Keys, new JsonObject { ["name"] = "x", ["scopes"] = new JsonArray() });
        using var past = await Api.PostAsync(admin, IdentityApi.Keys, new JsonObject { ["name"] = "x", ["scopes"] = new JsonArray("read"), ["expires_at"] = "2020-01-01T00:00:00Z" });
        using var signing = await Api.PostAsync(admin, IdentityApi.Keys, new JsonObject { ["name"] = "x", ["scopes"] = new JsonArray("read"), ["signing"] = "sometimes" });

        await ProblemAssert.IsAsync(platform, HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsAsync(none, HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsAsync(past, HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsAsync(signing, HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task Keys_may_carry_custom_gateway_scopes_but_not_misspelled_ones()
    {
        var created = await CreateThroughApiAsync(new JsonObject { ["name"] = "orders client", ["scopes"] = new JsonArray("read", "orders:write") });
        Assert.Equal(["orders:write", "read"], created.GetProperty("api_key").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).Order(StringComparer.Ordinal));

        using var typo = await Api.PostAsync(admin, IdentityApi.Keys, new JsonObject { ["name"] = "x", ["scopes"] = new JsonArray("reed") });
        using var upper = await Api.PostAsync(admin, IdentityApi.Keys, new JsonObject { ["name"] = "x", ["scopes"] = new JsonArray("Orders:Write") });
        using var tooMany = await Api.PostAsync(admin, IdentityApi.Keys, new JsonObject
        {
            ["name"] = "x",
            ["scopes"] = new JsonArray([.. Enumerable.Range(0, 33).Select(i => JsonValue.Create($"svc:s{i}"))]),
        });
        await ProblemAssert.IsAsync(typo, HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsAsync(upper, HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsAsync(tooMany, HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task Last_used_at_is_recorded_after_use()
    {
        var created = await CreateThroughApiAsync(new JsonObject { ["name"] = "used", ["scopes"] = new JsonArray("read") });
        var id = created.GetProperty("api_key").GetProperty("id").GetString();
        Assert.Equal(JsonValueKind.Null, created.GetProperty("api_key").GetProperty("last_used_at").ValueKind);

        await Api.GetJsonAsync(IdentityApi.BearerClient(factory, created.GetProperty("key").GetString()!), Api.Logs);
        await factory.Services.GetRequiredService<ApiKeyUsageTracker>().FlushAsync(TestContext.Current.CancellationToken);

        var key = await Api.GetJsonAsync(admin, $"{IdentityApi.Keys}/{id}");
        var lastUsed = key.GetProperty("last_used_at").GetDateTimeOffset();
        Assert.InRange(lastUsed, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Revoking_an_unknown_key_answers_404()
    {
        using var response = await Api.SendAsync(admin, HttpMethod.Delete, $"{IdentityApi.Keys}/{Guid.NewGuid()}", content: null);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    private async Task<JsonElement> CreateThroughApiAsync(JsonObject body)
    {
        using var response = await Api.PostAsync(admin, IdentityApi.Keys, body);
        var created = await Api.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.GetRawText());
        Assert.Equal($"{IdentityApi.Keys}/{created.GetProperty("api_key").GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        return created;
    }
}
