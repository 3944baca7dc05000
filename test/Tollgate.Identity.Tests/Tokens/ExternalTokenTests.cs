using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Core.Identity;
using Tollgate.Identity.Tokens;
using Tollgate.Testing.Tokens;

namespace Tollgate.Identity.Tests.Tokens;

/// <summary>Service tokens of an external issuer, checked against keys fetched from a JWKS endpoint on real HTTP.</summary>
public sealed class ExternalTokenTests
{
    private const string IdpIssuer = "https://idp.test";
    private const string Audience = "tollgate-api";
    private const string Path = "/whoami/idp";

    private static readonly byte[] OwnKey = RandomNumberGenerator.GetBytes(32);
    private static readonly RSA RsaKey1 = RSA.Create(2048);
    private static readonly RSA RsaKey2 = RSA.Create(2048);
    private static readonly ECDsa EcKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly string[] ReadIngest = ["read", "ingest"];
    private static readonly string[] TenantAdminPlatform = ["tenant-admin", "platform"];

    public static TheoryData<object, string[]> ScopeForms => new()
    {
        { "read ingest", ["read", "ingest"] },
        { ReadIngest, ["read", "ingest"] },
        { "writer read platform", ["ingest", "read"] },
        { TenantAdminPlatform, ["read", "ingest", "admin"] },
        { "platform-admin", ["read", "ingest", "admin"] },
        { "read bogus READ", ["read"] },
    };

    [Theory]
    [MemberData(nameof(ScopeForms))]
    public async Task Token_from_the_jwks_is_accepted_with_tenant_and_scopes_mapped(object scope, string[] expected)
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl));

        var token = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), ServiceClaims(scope), IdpIssuer, Audience);

        var me = await server.WhoAmIAsync(Path, token);
        Assert.Equal(JwtSchemes.External("idp"), me.Scheme);
        Assert.Equal("svc-ingest", me.ValueOf(TollgateClaims.Subject));
        Assert.Equal("acme", me.ValueOf(TollgateClaims.Tenant));
        Assert.Equal("service", me.ValueOf(TollgateClaims.Kind));
        Assert.Equal(expected, me.ValuesOf(TollgateClaims.Scope));
        Assert.Empty(me.ValuesOf(TollgateClaims.Role));
    }

    [Fact]
    public async Task Ec_token_is_accepted_when_es256_is_allowed_and_rs256_then_is_not()
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1), ("e1", EcKey)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl, ("Algorithms:0", "ES256")));

        var ec = TestTokens.Mint(TestTokens.Ec(EcKey, "e1"), ServiceClaims("read"), IdpIssuer, Audience);
        var rsa = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), ServiceClaims("read"), IdpIssuer, Audience);

        Assert.Equal(["read"], (await server.WhoAmIAsync(Path, ec)).ValuesOf(TollgateClaims.Scope));
        using var rejected = await server.GetAsync(Path, rsa);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    [InlineData(SecurityAlgorithms.RsaSsaPssSha256)]
    public async Task Algorithm_outside_the_allow_list_is_rejected(string algorithm)
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl));

        var allowed = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), ServiceClaims("read"), IdpIssuer, Audience);
        var other = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1", algorithm), ServiceClaims("read"), IdpIssuer, Audience);

        await server.WhoAmIAsync(Path, allowed);
        using var response = await server.GetAsync(Path, other);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_of_a_key_published_after_rotation_is_accepted_once_the_key_set_is_refetched()
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl));
        await server.WhoAmIAsync(Path, TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), ServiceClaims("read"), IdpIssuer, Audience));
        Assert.Equal(1, idp.Fetches);

        idp.Document = TestTokens.Jwks(("r1", RsaKey1), ("r2", RsaKey2));
        var rotated = TestTokens.Mint(TestTokens.Rsa(RsaKey2, "r2"), ServiceClaims("read"), IdpIssuer, Audience);

        // The first token naming the new kid triggers a refetch in the background; it is accepted once that lands.
        var status = HttpStatusCode.Unauthorized;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); status != HttpStatusCode.OK && DateTime.UtcNow < deadline;)
        {
            using var response = await server.GetAsync(Path, rotated);
            status = response.StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, idp.Fetches);
    }

    [Fact]
    public async Task Tokens_naming_unknown_keys_are_rejected_without_refetching_the_key_set_for_each()
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl));

        for (var i = 0; i < 5; i++)
        {
            var token = TestTokens.Mint(TestTokens.Rsa(RsaKey2, "unknown-" + i), ServiceClaims("read"), IdpIssuer, Audience);
            using var response = await server.GetAsync(Path, token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.InRange(idp.Fetches, 1, 2);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ACME")]
    [InlineData("-acme")]
    public async Task Token_without_a_valid_tenant_is_rejected(string? tenant)
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl));
        var claims = ServiceClaims("read");
        claims.Remove("tid");
        if (tenant is not null)
        {
            claims["tid"] = tenant;
        }

        var token = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), claims, IdpIssuer, Audience);

        using var response = await server.GetAsync(Path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_with_two_tenants_is_rejected()
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl));
        var claims = ServiceClaims("read");
        claims["tid"] = new[] { "acme", "globex" };

        var token = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), claims, IdpIssuer, Audience);

        using var response = await server.GetAsync(Path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Fixed_tenant_wins_over_the_tokens_claim()
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl, ("Tenant", "acme")));
        var claims = ServiceClaims("read");
        claims["tid"] = "globex";
        var withoutTenant = ServiceClaims("read");
        withoutTenant.Remove("tid");

        var claimed = await server.WhoAmIAsync(Path, TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), claims, IdpIssuer, Audience));
        var unclaimed = await server.WhoAmIAsync(Path, TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), withoutTenant, IdpIssuer, Audience));

        Assert.Equal("acme", claimed.ValueOf(TollgateClaims.Tenant));
        Assert.Equal("acme", unclaimed.ValueOf(TollgateClaims.Tenant));
    }

    [Fact]
    public async Task Configured_claim_names_are_read()
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(
            idp.JwksUrl, ("TenantClaim", "org"), ("ScopeClaim", "scp"), ("SubjectClaim", "client_id")));
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "ignored",
            ["client_id"] = "billing-exporter",
            ["org"] = "globex",
            ["tid"] = "acme",
            ["scp"] = new[] { "reader" },
            ["scope"] = "admin",
        };

        var me = await server.WhoAmIAsync(Path, TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), claims, IdpIssuer, Audience));

        Assert.Equal("billing-exporter", me.ValueOf(TollgateClaims.Subject));
        Assert.Equal("globex", me.ValueOf(TollgateClaims.Tenant));
        Assert.Equal(["read"], me.ValuesOf(TollgateClaims.Scope));
    }

    [Fact]
    public async Task Token_without_a_subject_is_rejected()
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl));
        var claims = ServiceClaims("read");
        claims.Remove("sub");

        using var response = await server.GetAsync(Path, TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), claims, IdpIssuer, Audience));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("pem")]
    [InlineData("der")]
    [InlineData("modulus")]
    [InlineData("jwks")]
    public async Task Hmac_token_keyed_with_the_issuers_public_key_is_rejected(string form)
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl));
        await server.WhoAmIAsync(Path, TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), ServiceClaims("read"), IdpIssuer, Audience));
        var secret = form switch
        {
            "pem" => Encoding.ASCII.GetBytes(RsaKey1.ExportSubjectPublicKeyInfoPem()),
            "der" => RsaKey1.ExportSubjectPublicKeyInfo(),
            "modulus" => RsaKey1.ExportParameters(false).Modulus!,
            _ => Encoding.UTF8.GetBytes(idp.Document),
        };

        var forged = TestTokens.Hs256ByHand(secret, "r1", TestTokens.Payload(IdpIssuer, Audience, ServiceClaims("tenant-admin")));

        using var response = await server.GetAsync(Path, forged);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Unsigned_token_is_rejected()
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl));

        var token = TestTokens.WithoutSignature(TestTokens.Payload(IdpIssuer, Audience, ServiceClaims("read")));

        using var response = await server.GetAsync(Path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Tampered_payload_is_rejected()
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl));
        var token = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), ServiceClaims("read"), IdpIssuer, Audience);

        var tampered = TestTokens.Tamper(token, payload => payload["tid"] = "globex");

        await server.WhoAmIAsync(Path, token);
        using var response = await server.GetAsync(Path, tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Any_configured_audience_is_accepted_and_others_are_not()
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl, ("Audiences:1", "tollgate-ingest")));

        var second = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), ServiceClaims("read"), IdpIssuer, "tollgate-ingest");
        var other = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), ServiceClaims("read"), IdpIssuer, "someone-else");

        await server.WhoAmIAsync(Path, second);
        using var response = await server.GetAsync(Path, other);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Expired_token_is_rejected()
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl));
        var now = DateTimeOffset.UtcNow;

        var token = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), ServiceClaims("read"), IdpIssuer, Audience, now.AddMinutes(-20), now.AddMinutes(-2));

        using var response = await server.GetAsync(Path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Static_pem_keys_validate_rsa_and_ec_tokens()
    {
        var settings = Settings(jwksUrl: null, ("Algorithms:0", "RS256"), ("Algorithms:1", "ES256"),
            ("Keys:0:Id", "r1"), ("Keys:0:Pem", RsaKey1.ExportSubjectPublicKeyInfoPem()),
            ("Keys:1:Id", "e1"), ("Keys:1:Pem", EcKey.ExportSubjectPublicKeyInfoPem()));
        await using var server = await JwtTestServer.StartAsync(settings);

        var rsa = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), ServiceClaims("read"), IdpIssuer, Audience);
        var ec = TestTokens.Mint(TestTokens.Ec(EcKey, "e1"), ServiceClaims("writer"), IdpIssuer, Audience);
        var unknown = TestTokens.Mint(TestTokens.Rsa(RsaKey2, "r2"), ServiceClaims("read"), IdpIssuer, Audience);

        Assert.Equal(["read"], (await server.WhoAmIAsync(Path, rsa)).ValuesOf(TollgateClaims.Scope));
        Assert.Equal(["ingest"], (await server.WhoAmIAsync(Path, ec)).ValuesOf(TollgateClaims.Scope));
        using var response = await server.GetAsync(Path, unknown);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Unreachable_key_set_means_401_not_a_server_error()
    {
        await using var server = await JwtTestServer.StartAsync(Settings("http://127.0.0.1:1/jwks"));

        var token = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), ServiceClaims("read"), IdpIssuer, Audience);

        using var response = await server.GetAsync(Path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_key_set_is_not_used()
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.OversizedJwksUrl));

        var token = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), ServiceClaims("read"), IdpIssuer, Audience);

        using var response = await server.GetAsync(Path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(idp.Fetches >= 1);
    }

    [Fact]
    public async Task Each_scheme_refuses_the_other_issuers_tokens_and_the_selector_routes_each_to_its_own()
    {
        await using var idp = await JwksTestServer.StartAsync(TestTokens.Jwks(("r1", RsaKey1)));
        await using var server = await JwtTestServer.StartAsync(Settings(idp.JwksUrl));
        var external = TestTokens.Mint(TestTokens.Rsa(RsaKey1, "r1"), ServiceClaims("read"), IdpIssuer, Audience);
        var user = new User(Guid.NewGuid(), "acme", "ada@example.com", Role.Reader, "x", false, DateTimeOffset.UtcNow, null);
        var own = server.Services.GetRequiredService<AccessTokenIssuer>().Issue(user).Token;

        using var externalToOwn = await server.GetAsync("/whoami/own", external);
        using var ownToExternal = await server.GetAsync(Path, own);

        Assert.Equal(HttpStatusCode.Unauthorized, externalToOwn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ownToExternal.StatusCode);
        Assert.Equal(JwtSchemes.External("idp"), (await server.WhoAmIAsync("/whoami", external)).Scheme);
        Assert.Equal(JwtSchemes.Own, (await server.WhoAmIAsync("/whoami", own)).Scheme);
    }

    private static Dictionary<string, string?> Settings(string? jwksUrl, params (string Key, string Value)[] issuerSettings)
    {
        var settings = OwnTokenTests.Settings(("k1", OwnKey));
        settings["Identity:Jwt:Issuers:0:Name"] = "idp";
        settings["Identity:Jwt:Issuers:0:Issuer"] = IdpIssuer;
        settings["Identity:Jwt:Issuers:0:Audiences:0"] = Audience;
        if (jwksUrl is not null)
        {
            settings["Identity:Jwt:Issuers:0:JwksUrl"] = jwksUrl;
        }

        foreach (var (key, value) in issuerSettings)
        {
            settings["Identity:Jwt:Issuers:0:" + key] = value;
        }

        return settings;
    }

    private static Dictionary<string, object> ServiceClaims(object scope) => new()
    {
        ["sub"] = "svc-ingest",
        ["tid"] = "acme",
        ["scope"] = scope,
    };
}
