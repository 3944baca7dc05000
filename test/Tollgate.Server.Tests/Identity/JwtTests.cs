using System.Net;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Testing.Tokens;

namespace Tollgate.Server.Tests.Identity;

public sealed class JwtTests(JwtFactory factory) : IClassFixture<JwtFactory>
{
    [Fact]
    public async Task Logged_in_reader_reads_with_its_access_token_and_may_not_write()
    {
        var email = IdentityApi.UniqueEmail("reader");
        await IdentityApi.CreateUserAsync(factory, Tenants.Default, email, Role.Reader);
        var session = await IdentityApi.LogInAsync(factory, email);
        using var client = IdentityApi.BearerClient(factory, session.AccessToken);

        await Api.GetJsonAsync(client, Api.Logs);
        var me = await Api.GetJsonAsync(client, IdentityApi.Me);
        using var write = await Api.PostAsync(client, Api.Logs, Api.Event("svc"));

        Assert.Equal("user", me.GetProperty("kind").GetString());
        Assert.Equal("reader", me.GetProperty("role").GetString());
        Assert.Equal(["read"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        await ProblemAssert.IsAsync(write, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Accepts_a_token_signed_with_the_configured_key()
    {
        var token = TestTokens.Mint(OwnCredentials(), TestTokens.UserClaims(Tenants.Default, "reader", "read"), JwtFactory.OwnIssuer, JwtFactory.OwnAudience);

        await Api.GetJsonAsync(IdentityApi.BearerClient(factory, token), Api.Logs);
    }

    [Fact]
    public async Task Rejects_expired_token()
    {
        var now = DateTimeOffset.UtcNow;
        var token = TestTokens.Mint(OwnCredentials(), ReaderClaims(), JwtFactory.OwnIssuer, JwtFactory.OwnAudience, now.AddMinutes(-20), now.AddMinutes(-5));

        await AssertRefusedAsync(token, "expired");
    }

    [Fact]
    public async Task Rejects_token_that_is_not_valid_yet()
    {
        var now = DateTimeOffset.UtcNow;
        var token = TestTokens.Mint(OwnCredentials(), ReaderClaims(), JwtFactory.OwnIssuer, JwtFactory.OwnAudience, now.AddMinutes(5), now.AddMinutes(20));

        await AssertRefusedAsync(token, "not valid yet");
    }

    [Fact]
    public async Task Rejects_token_of_another_issuer()
    {
        var token = TestTokens.Mint(OwnCredentials(), ReaderClaims(), "https://elsewhere.test/", JwtFactory.OwnAudience);

        await AssertRefusedAsync(token, "issuer");
    }

    [Fact]
    public async Task Rejects_token_for_another_audience()
    {
        var token = TestTokens.Mint(OwnCredentials(), ReaderClaims(), JwtFactory.OwnIssuer, "some-other-api");

        await AssertRefusedAsync(token, "audience");
    }

    [Fact]
    public async Task Rejects_unsigned_token_with_alg_none()
    {
        var header = new Dictionary<string, string> { ["alg"] = "none", ["typ"] = "JWT" };

        await AssertRefusedAsync(TestTokens.Jws(header, TestTokens.Payload(JwtFactory.OwnIssuer, JwtFactory.OwnAudience, ReaderClaims()), sign: null));
        await AssertRefusedAsync(TestTokens.Jws(header, TestTokens.Payload(JwtFactory.PartnerIssuer, JwtFactory.PartnerAudience, ServiceClaims()), sign: null));
    }

    [Fact]
    public async Task Rejects_tampered_token()
    {
        var token = TestTokens.Mint(OwnCredentials(), ReaderClaims(), JwtFactory.OwnIssuer, JwtFactory.OwnAudience);

        await AssertRefusedAsync(TestTokens.Tamper(token, payload => payload["role"] = "platform-admin"), "signature");
        await AssertRefusedAsync(TestTokens.Tamper(token, payload => payload["exp"] = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds()), "signature");
        var parts = token.Split('.');
        var flipped = (parts[2][0] == 'A' ? 'B' : 'A') + parts[2][1..];
        await AssertRefusedAsync($"{parts[0]}.{parts[1]}.{flipped}", "signature");
    }

    [Fact]
    public async Task Rejects_token_signed_with_a_key_that_is_not_in_the_ring()
    {
        var stranger = TestTokens.Hs256(RandomNumberGenerator.GetBytes(32), JwtFactory.OwnKeyId);

        await AssertRefusedAsync(TestTokens.Mint(stranger, ReaderClaims(), JwtFactory.OwnIssuer, JwtFactory.OwnAudience));
    }

    [Fact]
    public async Task Token_scopes_never_exceed_what_its_role_grants()
    {
        var token = TestTokens.Mint(OwnCredentials(), TestTokens.UserClaims(Tenants.Default, "reader", "read ingest admin platform"), JwtFactory.OwnIssuer, JwtFactory.OwnAudience);
        using var client = IdentityApi.BearerClient(factory, token);

        await Api.GetJsonAsync(client, Api.Logs);
        using var write = await Api.PostAsync(client, Api.Logs, Api.Event("svc"));
        using var keys = await client.GetAsync(IdentityApi.Keys, TestContext.Current.CancellationToken);
        using var tenants = await client.GetAsync(IdentityApi.Tenants, TestContext.Current.CancellationToken);

        await ProblemAssert.IsAsync(write, HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(keys, HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(tenants, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Accepts_a_partner_token_signed_with_its_rsa_key_but_never_grants_platform()
    {
        var claims = ServiceClaims();
        claims["scope"] = "read platform";
        var token = TestTokens.Mint(TestTokens.Rsa(factory.PartnerKey, JwtFactory.PartnerKeyId), claims, JwtFactory.PartnerIssuer, JwtFactory.PartnerAudience);
        using var client = IdentityApi.BearerClient(factory, token);

        var me = await Api.GetJsonAsync(client, IdentityApi.Me);
        using var tenants = await client.GetAsync(IdentityApi.Tenants, TestContext.Current.CancellationToken);

        Assert.Equal("service", me.GetProperty("kind").GetString());
        Assert.Equal(["read"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        await ProblemAssert.IsAsync(tenants, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Rejects_hs256_token_keyed_with_the_partners_public_key()
    {
        // The alg-confusion attack: the public key is public, so HMAC with it must never verify.
        var secret = Encoding.UTF8.GetBytes(factory.PartnerPublicKeyPem);
        var header = new Dictionary<string, string> { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = JwtFactory.PartnerKeyId };

        await AssertRefusedAsync(TestTokens.Jws(header, TestTokens.Payload(JwtFactory.PartnerIssuer, JwtFactory.PartnerAudience, ServiceClaims()), bytes => HMACSHA256.HashData(secret, bytes)));
        await AssertRefusedAsync(TestTokens.Jws(header, TestTokens.Payload(JwtFactory.OwnIssuer, JwtFactory.OwnAudience, ReaderClaims()), bytes => HMACSHA256.HashData(secret, bytes)));
        await AssertRefusedAsync(TestTokens.Mint(TestTokens.Hs256(secret, JwtFactory.PartnerKeyId), ServiceClaims(), JwtFactory.PartnerIssuer, JwtFactory.PartnerAudience));
    }

    [Fact]
    public async Task Rejects_partner_token_signed_with_another_rsa_key()
    {
        using var stranger = RSA.Create(2048);

        await AssertRefusedAsync(TestTokens.Mint(TestTokens.Rsa(stranger, JwtFactory.PartnerKeyId), ServiceClaims(), JwtFactory.PartnerIssuer, JwtFactory.PartnerAudience));
    }

    private static Dictionary<string, object> ReaderClaims() => TestTokens.UserClaims(Tenants.Default, "reader", "read");

    private static Dictionary<string, object> ServiceClaims() => new()
    {
        ["sub"] = "billing-service",
        ["tid"] = Tenants.Default,
        ["scope"] = "read",
    };

    private Microsoft.IdentityModel.Tokens.SigningCredentials OwnCredentials() => TestTokens.Hs256(factory.OwnKey, JwtFactory.OwnKeyId);

    private async Task AssertRefusedAsync(string token, string? detail = null)
    {
        using var client = IdentityApi.BearerClient(factory, token);

        using var response = await client.GetAsync(Api.Logs, TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        if (detail is not null)
        {
            Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }
    }
}
