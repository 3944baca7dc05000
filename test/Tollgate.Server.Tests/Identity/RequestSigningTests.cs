using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

/// <summary>HMAC-signed requests against a server whose clock stands still, so timestamp limits are exact.</summary>
public sealed class RequestSigningTests(FakeClockFactory factory) : IClassFixture<FakeClockFactory>
{
    private readonly HttpClient anonymous = factory.CreateAnonymousClient();

    private long Now => factory.Clock!.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public async Task Signed_post_is_stored_and_signed_get_reads_it()
    {
        var key = await CreateKeyAsync("required");
        var service = Api.Unique("signed");

        using var post = await SendAsync(SignedRequest.Create(HttpMethod.Post, Api.Logs, Body(service), key.Id, key.Secret, Now));
        var created = await Api.ReadJsonAsync(post);
        Assert.True(post.StatusCode == HttpStatusCode.Created, created.GetRawText());
        using var get = await SendAsync(SignedRequest.Create(HttpMethod.Get, $"{Api.Logs}?src_service={service}", null, key.Id, key.Secret, Now));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var items = (await Api.ReadJsonAsync(get)).GetProperty("items");
        Assert.Equal(created.GetProperty("id").GetString(), Assert.Single(items.EnumerateArray()).GetProperty("id").GetString());
        Assert.Single(await Api.ListAsync(factory.CreateClient(), service));
    }

    [Fact]
    public async Task Signature_built_from_the_documented_string_to_sign_is_accepted()
    {
        var key = await CreateKeyAsync("required");
        var service = Api.Unique("wire");
        var body = Body(service);
        var timestamp = Now.ToString(CultureInfo.InvariantCulture);
        const string nonce = "n0nce-Of.The~Wire_format";
        var stringToSign = $"POST\n/api/v1/logs\n{timestamp}\n{nonce}\n{Convert.ToBase64String(SHA256.HashData(body))}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key.Secret), Encoding.UTF8.GetBytes(stringToSign)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/logs") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Tollgate-Key-Id", key.Id.ToString());
        request.Headers.Add("X-Tollgate-Timestamp", timestamp);
        request.Headers.Add("X-Tollgate-Nonce", nonce);
        request.Headers.Add("X-Tollgate-Signature", signature);

        using var response = await anonymous.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Single(await Api.ListAsync(factory.CreateClient(), service));
    }

    [Fact]
    public async Task Rejects_wrong_signature()
    {
        var key = await CreateKeyAsync("required");
        var other = await CreateKeyAsync("required");
        var service = Api.Unique("wrong");

        await AssertRefusedAsync(SignedRequest.Create(HttpMethod.Post, Api.Logs, Body(service), key.Id, other.Secret, Now), "does not match");
        await AssertRefusedAsync(SignedRequest.WithSignature(HttpMethod.Post, Api.Logs, Body(service), key.Id, Now, SignedRequest.NewNonce(), Convert.ToBase64String(new byte[32])), "does not match");
        await AssertRefusedAsync(SignedRequest.WithSignature(HttpMethod.Post, Api.Logs, Body(service), key.Id, Now, SignedRequest.NewNonce(), "not base64!"), "does not match");
        Assert.Empty(await Api.ListAsync(factory.CreateClient(), service));
    }

    [Fact]
    public async Task Rejects_stale_timestamp()
    {
        var key = await CreateKeyAsync("required");

        await AssertRefusedAsync(SignedRequest.Create(HttpMethod.Get, Api.Logs, null, key.Id, key.Secret, Now - 301), "timestamp");
        using var edge = await SendAsync(SignedRequest.Create(HttpMethod.Get, Api.Logs, null, key.Id, key.Secret, Now - 300));
        Assert.Equal(HttpStatusCode.OK, edge.StatusCode);
    }

    [Fact]
    public async Task Rejects_timestamp_in_the_future()
    {
        var key = await CreateKeyAsync("required");

        await AssertRefusedAsync(SignedRequest.Create(HttpMethod.Get, Api.Logs, null, key.Id, key.Secret, Now + 301), "timestamp");
        using var edge = await SendAsync(SignedRequest.Create(HttpMethod.Get, Api.Logs, null, key.Id, key.Secret, Now + 300));
        Assert.Equal(HttpStatusCode.OK, edge.StatusCode);
    }

    [Fact]
    public async Task Rejects_replayed_nonce()
    {
        var key = await CreateKeyAsync("required");
        var service = Api.Unique("replay");
        var nonce = SignedRequest.NewNonce();
        using var first = await SendAsync(SignedRequest.Create(HttpMethod.Post, Api.Logs, Body(service), key.Id, key.Secret, Now, nonce));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        await AssertRefusedAsync(SignedRequest.Create(HttpMethod.Post, Api.Logs, Body(service), key.Id, key.Secret, Now, nonce), "nonce");
        await AssertRefusedAsync(SignedRequest.Create(HttpMethod.Get, Api.Logs, null, key.Id, key.Secret, Now + 1, nonce), "nonce");

        Assert.Single(await Api.ListAsync(factory.CreateClient(), service));
    }

    [Fact]
    public async Task Rejects_altered_body()
    {
        var key = await CreateKeyAsync("required");
        var signed = Api.Unique("signed");
        var sent = Api.Unique("sent");

        await AssertRefusedAsync(SignedRequest.Create(HttpMethod.Post, Api.Logs, Body(sent), key.Id, key.Secret, Now, signedBody: Body(signed)), "does not match");
        await AssertRefusedAsync(SignedRequest.Create(HttpMethod.Post, Api.Logs, Body(sent), key.Id, key.Secret, Now, signedBody: []), "does not match");

        Assert.Empty(await Api.ListAsync(factory.CreateClient(), sent));
    }

    [Fact]
    public async Task Rejects_altered_query_string_or_path()
    {
        var key = await CreateKeyAsync("required");
        var service = Api.Unique("path");

        await AssertRefusedAsync(SignedRequest.Create(HttpMethod.Get, $"{Api.Logs}?src_service=b", null, key.Id, key.Secret, Now, signedTarget: $"{Api.Logs}?src_service=a"), "does not match");
        await AssertRefusedAsync(SignedRequest.Create(HttpMethod.Get, $"{Api.Logs}?src_service=a&limit=1", null, key.Id, key.Secret, Now, signedTarget: $"{Api.Logs}?src_service=a"), "does not match");
        await AssertRefusedAsync(SignedRequest.Create(HttpMethod.Post, $"{Api.Logs}/bulk", Body(service), key.Id, key.Secret, Now, signedTarget: Api.Logs), "does not match");
        Assert.Empty(await Api.ListAsync(factory.CreateClient(), service));
    }

    [Fact]
    public async Task Key_that_requires_signing_is_refused_as_a_plain_bearer_key()
    {
        var key = await CreateKeyAsync("required");

        using var bearer = await IdentityApi.BearerClient(factory, key.Key).GetAsync(Api.Logs, TestContext.Current.CancellationToken);
        using var header = await IdentityApi.HeaderClient(factory, "X-Api-Key", key.Key).GetAsync(Api.Logs, TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(bearer, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("must sign", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsAsync(header, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Key_without_signing_cannot_sign()
    {
        var key = await CreateKeyAsync("none");
        Assert.Empty(key.Secret);

        await AssertRefusedAsync(SignedRequest.Create(HttpMethod.Get, Api.Logs, null, key.Id, key.Key, Now), "no signing secret");
        using var bearer = await IdentityApi.BearerClient(factory, key.Key).GetAsync(Api.Logs, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
    }

    [Fact]
    public async Task Key_with_optional_signing_works_both_ways()
    {
        var key = await CreateKeyAsync("optional");

        using var signed = await SendAsync(SignedRequest.Create(HttpMethod.Get, Api.Logs, null, key.Id, key.Secret, Now));
        using var bearer = await IdentityApi.BearerClient(factory, key.Key).GetAsync(Api.Logs, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
    }

    [Fact]
    public async Task Rejects_signature_naming_an_unknown_key()
    {
        var key = await CreateKeyAsync("required");

        await AssertRefusedAsync(SignedRequest.Create(HttpMethod.Get, Api.Logs, null, Guid.NewGuid(), key.Secret, Now), "not known");
    }

    [Fact]
    public async Task Revoked_key_cannot_sign()
    {
        var key = await CreateKeyAsync("required");
        using var before = await SendAsync(SignedRequest.Create(HttpMethod.Get, Api.Logs, null, key.Id, key.Secret, Now));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var revoke = await Api.SendAsync(factory.CreateClient(), HttpMethod.Delete, $"{IdentityApi.Keys}/{key.Id}", content: null);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        await AssertRefusedAsync(SignedRequest.Create(HttpMethod.Get, Api.Logs, null, key.Id, key.Secret, Now), "revoked");
    }

    [Fact]
    public async Task Signed_request_still_needs_the_scope()
    {
        var key = await CreateKeyAsync("required", "read");

        using var response = await SendAsync(SignedRequest.Create(HttpMethod.Post, Api.Logs, Body(Api.Unique("scope")), key.Id, key.Secret, Now));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    private static byte[] Body(string service) => Encoding.UTF8.GetBytes(Api.Event(service).ToJsonString());

    private async Task<SigningKey> CreateKeyAsync(string signing, params string[] scopes)
    {
        var body = new JsonObject
        {
            ["name"] = "signing " + signing,
            ["scopes"] = new JsonArray([.. (scopes.Length == 0 ? ["read", "ingest"] : scopes).Select(s => (JsonNode)s)]),
            ["signing"] = signing,
        };
        using var response = await Api.PostAsync(factory.CreateClient(), IdentityApi.Keys, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await Api.ReadJsonAsync(response);
        var secret = created.GetProperty("signing_secret").GetString() ?? string.Empty;
        return new SigningKey(created.GetProperty("api_key").GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!, secret);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await anonymous.SendAsync(request, TestContext.Current.CancellationToken);
        }
    }

    private async Task AssertRefusedAsync(HttpRequestMessage request, string detail)
    {
        using var response = await SendAsync(request);
        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A key made through the API: its id, its secret and its signing secret (empty when it has none).</summary>
    private sealed record SigningKey(Guid Id, string Key, string Secret);
}
