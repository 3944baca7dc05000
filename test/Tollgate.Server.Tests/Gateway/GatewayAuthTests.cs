using System.Net;
using System.Net.Http.Headers;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Gateway;

public sealed class GatewayAuthTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TollgateFactory Factory => gateway.Factory;

    [Fact]
    public async Task Anonymous_route_lets_anonymous_callers_through()
    {
        using var client = Factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/meta/hello", Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("/keys/hello")]
    [InlineData("/tokens/hello")]
    [InlineData("/signed/hello")]
    [InlineData("/either/hello")]
    [InlineData("/scoped/hello")]
    public async Task Protected_routes_refuse_anonymous_callers_without_calling_upstream(string path)
    {
        using var client = Factory.CreateAnonymousClient();
        var before = gateway.Upstream.Received.Count;
        var response = await client.GetAsync(path, Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(before, gateway.Upstream.Received.Count);
    }

    [Fact]
    public async Task Api_key_route_accepts_a_key()
    {
        using var client = IdentityApi.BearerClient(Factory, await Factory.CreateApiKeyAsync("default", [Scopes.Read]));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/keys/hello", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Api_key_route_refuses_a_revoked_key()
    {
        var created = await IdentityApi.CreateKeyAsync(Factory, "default", [Scopes.Read]);
        using var admin = Factory.CreateClient();
        var revoked = await admin.DeleteAsync($"{IdentityApi.Keys}/{created.Key.Id}", Cancel);
        Assert.True(revoked.IsSuccessStatusCode, await revoked.Content.ReadAsStringAsync(Cancel));
        using var client = IdentityApi.BearerClient(Factory, created.Secret);

        await ProblemAssert.IsAsync(await client.GetAsync("/keys/hello", Cancel), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Api_key_route_refuses_a_jwt()
    {
        var session = await LogInAsync();
        using var client = IdentityApi.BearerClient(Factory, session.AccessToken);

        var problem = await ProblemAssert.IsAsync(await client.GetAsync("/keys/hello", Cancel), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("API key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jwt_route_accepts_a_session_token_and_refuses_an_api_key()
    {
        var session = await LogInAsync();
        using var withToken = IdentityApi.BearerClient(Factory, session.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync("/tokens/hello", Cancel)).StatusCode);

        using var withKey = Factory.CreateClient();
        await ProblemAssert.IsAsync(await withKey.GetAsync("/tokens/hello", Cancel), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Jwt_route_refuses_a_tampered_token()
    {
        var session = await LogInAsync();
        var parts = session.AccessToken.Split('.');
        var tampered = parts[0] + "." + parts[1] + "x." + parts[2];
        using var client = IdentityApi.BearerClient(Factory, tampered);

        await ProblemAssert.IsAsync(await client.GetAsync("/tokens/hello", Cancel), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Either_route_accepts_a_jwt_and_an_api_key()
    {
        var session = await LogInAsync();
        using var withToken = IdentityApi.BearerClient(Factory, session.AccessToken);
        using var withKey = Factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync("/either/hello", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync("/either/hello", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Hmac_route_accepts_a_signed_request_and_refuses_the_same_key_unsigned()
    {
        var key = await IdentityApi.CreateKeyAsync(Factory, "default", [Scopes.Read], ApiKeySigning.Optional);
        using var client = Factory.CreateAnonymousClient();
        using var signed = SignedRequest.Create(HttpMethod.Get, "/signed/hello", null, key.Key.Id, key.SigningSecret!, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var accepted = await client.SendAsync(signed, Cancel);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var forwarded = gateway.Upstream.Last("/hello");
        Assert.Null(forwarded.Header("X-Tollgate-Signature"));
        Assert.Null(forwarded.Header("X-Tollgate-Nonce"));

        using var unsigned = IdentityApi.BearerClient(Factory, key.Secret);
        var problem = await ProblemAssert.IsAsync(await unsigned.GetAsync("/signed/hello", Cancel), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("HMAC", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hmac_route_refuses_a_replayed_signed_request()
    {
        var key = await IdentityApi.CreateKeyAsync(Factory, "default", [Scopes.Read], ApiKeySigning.Required);
        using var client = Factory.CreateAnonymousClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var nonce = SignedRequest.NewNonce();
        using var first = SignedRequest.Create(HttpMethod.Get, "/signed/hello", null, key.Key.Id, key.SigningSecret!, now, nonce);
        using var replay = SignedRequest.Create(HttpMethod.Get, "/signed/hello", null, key.Key.Id, key.SigningSecret!, now, nonce);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(first, Cancel)).StatusCode);
        await ProblemAssert.IsAsync(await client.SendAsync(replay, Cancel), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Scoped_route_needs_the_scope()
    {
        using var without = IdentityApi.BearerClient(Factory, await Factory.CreateApiKeyAsync("default", [Scopes.Read]));
        var problem = await ProblemAssert.IsAsync(await without.GetAsync("/scoped/hello", Cancel), HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("orders:write", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var with = IdentityApi.BearerClient(Factory, await Factory.CreateApiKeyAsync("default", ["orders:write"]));
        Assert.Equal(HttpStatusCode.OK, (await with.GetAsync("/scoped/hello", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Keys_of_another_tenant_are_recorded_under_their_own_tenant()
    {
        var tenant = await IdentityApi.CreateTenantAsync(Factory, IdentityApi.UniqueTenantId("gw"));
        using var client = IdentityApi.BearerClient(Factory, await Factory.CreateApiKeyAsync(tenant, [Scopes.Read]));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/keys/hello");
        var requestId = "tenant-capture-" + Guid.NewGuid().ToString("N");
        request.Headers.Add("X-Request-ID", requestId);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request, Cancel)).StatusCode);

        var record = await gateway.CapturedAsync(requestId, tenant);
        Assert.Equal(tenant, record.TenantId);
        Assert.Equal(tenant, gateway.Upstream.Received.Last(r => r.Header("X-Request-ID") == requestId).Header("X-Tollgate-Tenant"));
    }

    private async Task<Session> LogInAsync()
    {
        var email = IdentityApi.UniqueEmail("gateway");
        await IdentityApi.CreateUserAsync(Factory, "default", email, Role.Reader);
        return await IdentityApi.LogInAsync(Factory, email);
    }
}
