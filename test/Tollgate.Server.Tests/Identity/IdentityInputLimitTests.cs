using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Identity.Signing;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

/// <summary>A server whose signed bodies are limited to 1 KiB, so the limit can be crossed cheaply.</summary>
public sealed class SmallSignedBodyFactory : TollgateFactory
{
    public const int MaxSignedBodyBytes = 1024;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Identity:MaxSignedBodyBytes"] = MaxSignedBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Every identity input has a limit, and crossing it is a 4xx that says what to fix.</summary>
public sealed class IdentityInputLimitTests(SmallSignedBodyFactory factory) : IClassFixture<SmallSignedBodyFactory>
{
    private readonly HttpClient admin = factory.CreateClient();

    [Fact]
    public async Task Identity_body_over_64_KiB_answers_413()
    {
        var body = new JsonObject { ["name"] = new string('n', 70 * 1024), ["scopes"] = new JsonArray("read") };

        using var response = await Api.PostAsync(admin, IdentityApi.Keys, body);

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(101)]
    public async Task Api_key_name_that_is_blank_or_over_100_characters_answers_400(object name)
    {
        var value = name is int length ? new string('k', length) : (string)name;

        using var response = await Api.PostAsync(admin, IdentityApi.Keys, new JsonObject { ["name"] = value, ["scopes"] = new JsonArray("read") });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Contains("name", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenant_name_over_200_characters_answers_400()
    {
        var platform = await PlatformClientAsync();

        using var response = await Api.PostAsync(platform, IdentityApi.Tenants, new JsonObject { ["id"] = IdentityApi.UniqueTenantId("long"), ["name"] = new string('t', 201) });

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
    }

    [Theory]
    [InlineData("not a tenant id")]
    [InlineData("UPPER")]
    [InlineData("no-such-tenant-anywhere")]
    public async Task Platform_admin_naming_a_malformed_or_unknown_tenant_gets_404(string tenant)
    {
        var platform = await PlatformClientAsync();
        platform.DefaultRequestHeaders.Add(IdentityApi.TenantHeader, tenant);

        using var response = await platform.GetAsync(Api.Logs, TestContext.Current.CancellationToken);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "tenant-not-found");
    }

    [Theory]
    [InlineData("key-id", "not-a-guid")]
    [InlineData("timestamp", "yesterday")]
    [InlineData("timestamp", "-5")]
    [InlineData("nonce", "short")]
    [InlineData("nonce", "has spaces in it, sixteen+")]
    [InlineData("nonce", "a-nonce-that-is-far-too-long-to-be-accepted-because-it-goes-on-and-on-past-the-limit-of-one-hundred-and-twenty-eight-characters-xx")]
    public async Task Malformed_signature_header_answers_401_naming_the_header(string header, string value)
    {
        var key = await IdentityApi.CreateKeyAsync(factory, Tenants.Default, [Scopes.Read], ApiKeySigning.Optional);
        using var request = SignedRequest.Create(HttpMethod.Get, Api.Logs, null, key.Key.Id, key.SigningSecret!, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var name = header switch
        {
            "key-id" => SignatureHeaders.KeyId,
            "timestamp" => SignatureHeaders.Timestamp,
            _ => SignatureHeaders.Nonce,
        };
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);

        using var response = await factory.CreateAnonymousClient().SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains(name, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Signed_body_over_the_limit_answers_401_and_stores_nothing(bool declaredLength)
    {
        var key = await IdentityApi.CreateKeyAsync(factory, Tenants.Default, [Scopes.Ingest, Scopes.Read], ApiKeySigning.Optional);
        var user = Api.Unique("big");
        var body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["user_id"] = user, ["event_type"] = "big", ["src_service"] = "limits", ["message"] = new string('m', SmallSignedBodyFactory.MaxSignedBodyBytes),
        }.ToJsonString());
        using var request = SignedRequest.Create(HttpMethod.Post, Api.Logs, body, key.Key.Id, key.SigningSecret!, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        if (!declaredLength)
        {
            // Chunked: the server only finds out by reading.
            request.Content = new UnknownLengthContent(body, "application/json");
        }

        using var response = await factory.CreateAnonymousClient().SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains($"{SmallSignedBodyFactory.MaxSignedBodyBytes} bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var page = await Api.GetJsonAsync(admin, $"{Api.Logs}?user_id={user}");
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
    }

    private async Task<HttpClient> PlatformClientAsync()
    {
        var email = IdentityApi.UniqueEmail("limits-platform");
        await IdentityApi.CreateUserAsync(factory, Tenants.Default, email, Role.PlatformAdmin);
        var session = await IdentityApi.LogInAsync(factory, email);
        return IdentityApi.BearerClient(factory, session.AccessToken);
    }
}
