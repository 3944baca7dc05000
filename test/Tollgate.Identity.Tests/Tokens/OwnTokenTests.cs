using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Core.Identity;
using Tollgate.Identity.Tokens;
using Tollgate.Testing.Tokens;

namespace Tollgate.Identity.Tests.Tokens;

/// <summary>Tollgate's own session tokens, issued by <see cref="AccessTokenIssuer"/> and sent over real HTTP.</summary>
public sealed class OwnTokenTests
{
    private const string Path = "/whoami/own";

    private static readonly byte[] Key1 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Key2 = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public async Task Issued_token_is_accepted_with_the_users_claims()
    {
        await using var server = await JwtTestServer.StartAsync(Settings(("k1", Key1)));
        var user = NewUser(Role.TenantAdmin);

        var issued = server.Services.GetRequiredService<AccessTokenIssuer>().Issue(user);
        var me = await server.WhoAmIAsync(Path, issued.Token);

        Assert.Equal(JwtSchemes.Own, me.Scheme);
        Assert.Equal(user.Id.ToString("D"), me.ValueOf(TollgateClaims.Subject));
        Assert.Equal("acme", me.ValueOf(TollgateClaims.Tenant));
        Assert.Equal("tenant-admin", me.ValueOf(TollgateClaims.Role));
        Assert.Equal("user", me.ValueOf(TollgateClaims.Kind));
        Assert.Equal(["read", "ingest", "admin"], me.ValuesOf(TollgateClaims.Scope));
        Assert.DoesNotContain(me.Claims, claim => claim.Type is "iss" or "aud" or "exp" or "jti");
    }

    [Fact]
    public void Issued_token_names_its_key_and_expires_after_the_configured_lifetime()
    {
        var settings = Settings(("k1", Key1));
        settings["Identity:Jwt:AccessTokenLifetime"] = "00:05:00";
        settings["Identity:Jwt:Issuer"] = "https://tollgate.test";
        settings["Identity:Jwt:Audience"] = "tollgate-api";
        var now = DateTimeOffset.UtcNow;

        var issued = IssueAt(settings, now, NewUser(Role.Reader));

        var header = TestTokens.HeaderOf(issued.Token);
        var payload = TestTokens.PayloadOf(issued.Token);
        Assert.Equal("HS256", (string?)header["alg"]);
        Assert.Equal("k1", (string?)header["kid"]);
        Assert.Equal("JWT", (string?)header["typ"]);
        Assert.Equal("https://tollgate.test", (string?)payload["iss"]);
        Assert.Equal("tollgate-api", (string?)payload["aud"]);
        Assert.Equal("read", (string?)payload["scope"]);
        Assert.Equal("user", (string?)payload["tg:kind"]);
        Assert.True(Guid.TryParse((string?)payload["jti"], out _));
        Assert.Equal(now.ToUnixTimeSeconds(), (long)payload["iat"]!);
        Assert.Equal(now.ToUnixTimeSeconds(), (long)payload["nbf"]!);
        Assert.Equal(now.ToUnixTimeSeconds() + 300, (long)payload["exp"]!);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 300), issued.ExpiresAt);
    }

    [Fact]
    public void Each_issued_token_has_its_own_id()
    {
        var settings = Settings(("k1", Key1));
        var user = NewUser(Role.Reader);

        var first = IssueAt(settings, DateTimeOffset.UtcNow, user);
        var second = IssueAt(settings, DateTimeOffset.UtcNow, user);

        Assert.NotEqual((string?)TestTokens.PayloadOf(first.Token)["jti"], (string?)TestTokens.PayloadOf(second.Token)["jti"]);
    }

    [Fact]
    public async Task Without_signing_keys_the_key_is_derived_from_the_master_key()
    {
        var master = RandomNumberGenerator.GetBytes(32);
        await using var server = await JwtTestServer.StartAsync(
            new Dictionary<string, string?>(), services => services.AddSingleton<IMasterKeySource>(new FixedMasterKey(master)));

        var issued = server.Services.GetRequiredService<AccessTokenIssuer>().Issue(NewUser(Role.Writer));

        Assert.Equal("mk1", (string?)TestTokens.HeaderOf(issued.Token)["kid"]);
        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, [], Encoding.UTF8.GetBytes("tollgate:jwt:mk1"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(issued.Token, new TokenValidationParameters
        {
            ValidIssuer = "tollgate",
            ValidAudience = "tollgate",
            IssuerSigningKey = new SymmetricSecurityKey(derived),
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(["ingest"], (await server.WhoAmIAsync(Path, issued.Token)).ValuesOf(TollgateClaims.Scope));
    }

    [Fact]
    public async Task Token_of_another_master_key_is_rejected()
    {
        await using var server = await JwtTestServer.StartAsync(
            new Dictionary<string, string?>(), services => services.AddSingleton<IMasterKeySource>(new FixedMasterKey(RandomNumberGenerator.GetBytes(32))));
        var otherInstallation = new ServiceCollection()
            .AddSingleton<IMasterKeySource>(new FixedMasterKey(RandomNumberGenerator.GetBytes(32)));
        otherInstallation.AddAuthentication().AddTollgateJwt(new ConfigurationBuilder().Build());
        using var other = otherInstallation.BuildServiceProvider();

        var token = other.GetRequiredService<AccessTokenIssuer>().Issue(NewUser(Role.Reader)).Token;

        using var response = await server.GetAsync(Path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Expired_token_is_rejected_but_one_within_the_clock_skew_is_not()
    {
        var settings = Settings(("k1", Key1));
        await using var server = await JwtTestServer.StartAsync(settings);
        var lifetime = TimeSpan.FromMinutes(15);
        var now = DateTimeOffset.UtcNow;

        var expired = IssueAt(settings, now - lifetime - TimeSpan.FromMinutes(2), NewUser(Role.Reader));
        var justExpired = IssueAt(settings, now - lifetime - TimeSpan.FromSeconds(5), NewUser(Role.Reader));

        using var rejected = await server.GetAsync(Path, expired.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        await server.WhoAmIAsync(Path, justExpired.Token);
    }

    [Fact]
    public async Task Token_not_valid_yet_is_rejected_but_one_within_the_clock_skew_is_not()
    {
        var settings = Settings(("k1", Key1));
        await using var server = await JwtTestServer.StartAsync(settings);
        var now = DateTimeOffset.UtcNow;

        var future = IssueAt(settings, now.AddMinutes(5), NewUser(Role.Reader));
        var slightlyAhead = IssueAt(settings, now.AddSeconds(5), NewUser(Role.Reader));

        using var rejected = await server.GetAsync(Path, future.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        await server.WhoAmIAsync(Path, slightlyAhead.Token);
    }

    [Fact]
    public async Task Hand_minted_token_with_the_right_issuer_audience_and_key_is_accepted()
    {
        await using var server = await JwtTestServer.StartAsync(Settings(("k1", Key1)));

        var token = TestTokens.Mint(TestTokens.Hs256(Key1, "k1"), UserClaims("writer"), "tollgate", "tollgate");

        var me = await server.WhoAmIAsync(Path, token);
        Assert.Equal(["ingest"], me.ValuesOf(TollgateClaims.Scope));
    }

    [Theory]
    [InlineData("someone-else", "tollgate")]
    [InlineData("tollgate", "someone-else")]
    public async Task Token_for_another_issuer_or_audience_is_rejected(string issuer, string audience)
    {
        await using var server = await JwtTestServer.StartAsync(Settings(("k1", Key1)));

        var token = TestTokens.Mint(TestTokens.Hs256(Key1, "k1"), UserClaims("writer"), issuer, audience);

        using var response = await server.GetAsync(Path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Unsigned_token_is_rejected()
    {
        await using var server = await JwtTestServer.StartAsync(Settings(("k1", Key1)));

        var token = TestTokens.WithoutSignature(TestTokens.Payload("tollgate", "tollgate", UserClaims("platform-admin")));

        using var response = await server.GetAsync(Path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_without_expiry_is_rejected()
    {
        await using var server = await JwtTestServer.StartAsync(Settings(("k1", Key1)));
        var payload = TestTokens.Payload("tollgate", "tollgate", UserClaims("reader"));
        payload.Remove("exp");

        var token = TestTokens.Hs256ByHand(Key1, "k1", payload);

        using var response = await server.GetAsync(Path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Tampered_payload_is_rejected()
    {
        await using var server = await JwtTestServer.StartAsync(Settings(("k1", Key1)));
        var token = server.Services.GetRequiredService<AccessTokenIssuer>().Issue(NewUser(Role.Reader)).Token;

        var tampered = TestTokens.Tamper(token, payload =>
        {
            payload["role"] = "platform-admin";
            payload["scope"] = "read ingest admin platform";
        });

        using var response = await server.GetAsync(Path, tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task After_rotation_the_new_key_signs_and_a_token_of_the_old_key_still_works()
    {
        var before = Settings(("k1", Key1));
        var after = Settings(("k2", Key2), ("k1", Key1));
        await using var server = await JwtTestServer.StartAsync(after);

        var old = IssueAt(before, DateTimeOffset.UtcNow, NewUser(Role.Reader));
        var fresh = server.Services.GetRequiredService<AccessTokenIssuer>().Issue(NewUser(Role.Reader));

        Assert.Equal("k1", (string?)TestTokens.HeaderOf(old.Token)["kid"]);
        Assert.Equal("k2", (string?)TestTokens.HeaderOf(fresh.Token)["kid"]);
        await server.WhoAmIAsync(Path, old.Token);
        await server.WhoAmIAsync(Path, fresh.Token);
    }

    [Fact]
    public async Task Token_of_a_key_removed_from_the_ring_is_rejected()
    {
        await using var server = await JwtTestServer.StartAsync(Settings(("k2", Key2)));

        var old = IssueAt(Settings(("k1", Key1)), DateTimeOffset.UtcNow, NewUser(Role.Reader));

        using var response = await server.GetAsync(Path, old.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_whose_kid_names_another_key_of_the_ring_is_rejected()
    {
        await using var server = await JwtTestServer.StartAsync(Settings(("k2", Key2), ("k1", Key1)));

        var token = TestTokens.Mint(TestTokens.Hs256(Key1, "k2"), UserClaims("reader"), "tollgate", "tollgate");

        using var response = await server.GetAsync(Path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("retired")]
    [InlineData(null)]
    public async Task Token_signed_by_a_ring_key_under_an_unknown_or_missing_kid_is_rejected(string? keyId)
    {
        await using var server = await JwtTestServer.StartAsync(Settings(("k1", Key1)));

        var token = TestTokens.Mint(
            new SigningCredentials(new SymmetricSecurityKey(Key1) { KeyId = keyId }, SecurityAlgorithms.HmacSha256),
            UserClaims("reader"), "tollgate", "tollgate");

        Assert.Equal(keyId, (string?)TestTokens.HeaderOf(token)["kid"]);
        using var response = await server.GetAsync(Path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("tid", "")]
    [InlineData("tid", "Not A Tenant")]
    [InlineData("role", "emperor")]
    [InlineData("sub", "not-a-guid")]
    public async Task Signed_token_without_a_valid_tenant_role_or_user_id_is_rejected(string claim, string value)
    {
        await using var server = await JwtTestServer.StartAsync(Settings(("k1", Key1)));
        var claims = UserClaims("reader");
        claims[claim] = value;

        var token = TestTokens.Mint(TestTokens.Hs256(Key1, "k1"), claims, "tollgate", "tollgate");

        using var response = await server.GetAsync(Path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Scopes_beyond_the_role_are_not_granted()
    {
        await using var server = await JwtTestServer.StartAsync(Settings(("k1", Key1)));
        var claims = UserClaims("reader");
        claims["scope"] = "read ingest admin platform";

        var me = await server.WhoAmIAsync(Path, TestTokens.Mint(TestTokens.Hs256(Key1, "k1"), claims, "tollgate", "tollgate"));

        Assert.Equal(["read"], me.ValuesOf(TollgateClaims.Scope));
    }

    internal static Dictionary<string, string?> Settings(params (string Id, byte[] Key)[] keys)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"Identity:Jwt:SigningKeys:{i}:Id"] = keys[i].Id;
            settings[$"Identity:Jwt:SigningKeys:{i}:Key"] = Convert.ToBase64String(keys[i].Key);
        }

        return settings;
    }

    private static IssuedAccessToken IssueAt(IDictionary<string, string?> settings, DateTimeOffset now, User user)
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new FakeTimeProvider(now));
        services.AddAuthentication().AddTollgateJwt(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<AccessTokenIssuer>().Issue(user);
    }

    private static User NewUser(Role role) =>
        new(Guid.NewGuid(), "acme", "ada@example.com", role, "pbkdf2-sha512$1$AA==$AA==", false, DateTimeOffset.UtcNow, null);

    private static Dictionary<string, object> UserClaims(string role)
    {
        Assert.True(Roles.TryParse(role, out var parsed));
        return new Dictionary<string, object>
        {
            ["sub"] = Guid.NewGuid().ToString("D"),
            ["tid"] = "acme",
            ["role"] = role,
            ["scope"] = string.Join(' ', Roles.ScopesOf(parsed)),
            ["tg:kind"] = "user",
        };
    }

    private sealed class FixedMasterKey(byte[] key) : IMasterKeySource
    {
        public byte[] GetMasterKey() => (byte[])key.Clone();
    }
}
