using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tollgate.Gateway.Encryption;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Gateway;

/// <summary>JSON Schema validation and payload encryption on real routes, with the upstream watching what arrives.</summary>
public sealed class GatewayPayloadTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_body_matching_the_schema_is_forwarded_unchanged()
    {
        const string order = """{"sku":"A-1","qty":2,"note":"ünïcode ✓"}""";
        using var client = gateway.Factory.CreateAnonymousClient();
        var response = await client.PostAsync("/schema/echo?case=valid", Json(order), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(order, await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(order, Encoding.UTF8.GetString(gateway.Upstream.Last("/echo?case=valid").Body));
    }

    [Fact]
    public async Task A_body_breaking_the_schema_is_refused_with_every_violation_and_never_forwarded()
    {
        using var client = gateway.Factory.CreateAnonymousClient();
        var response = await client.PostAsync("/schema/echo?case=invalid", Json("""{"sku":"TOO-LONG-A-SKU-123","qty":"two","extra":true}"""), Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "schema-validation-failed");
        var pointers = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()).ToList();
        Assert.Contains("/sku", pointers);
        Assert.Contains("/qty", pointers);
        Assert.Contains(pointers, p => p is "/extra" or "");
        Assert.DoesNotContain(gateway.Upstream.Received, r => r.PathAndQuery == "/echo?case=invalid");
        Assert.NotNull(response.Headers.GetValues("X-Request-ID").Single());
    }

    [Fact]
    public async Task A_refused_body_is_captured_with_why()
    {
        var requestId = "refused-" + Guid.NewGuid().ToString("N");
        using var client = gateway.Factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/schema/echo?case=refused-capture")
        {
            Content = Json("""{"sku":"B-2","qty":99,"password":"never-stored"}"""),
        };
        request.Headers.Add("X-Request-ID", requestId);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(request, Cancel)).StatusCode);

        var record = await gateway.CapturedAsync(requestId);
        Assert.Equal(400, record.Status);
        Assert.Contains("schema-validation-failed", record.Error, StringComparison.Ordinal);
        Assert.Contains("\"B-2\"", record.Detail!.RequestBody!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("never-stored", record.Detail.RequestBody.Text, StringComparison.Ordinal);
        Assert.Null(record.UpstreamDurationMicroseconds);
    }

    [Fact]
    public async Task Methods_without_a_schema_are_not_validated()
    {
        using var client = gateway.Factory.CreateAnonymousClient();
        var response = await client.PutAsync("/schema/echo?case=put", Json("""{"anything":1}"""), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Encrypted_request_is_decrypted_for_the_upstream_and_the_response_encrypted_with_the_newest_key()
    {
        var client = gateway.Factory.CreateAnonymousClient();
        const string plain = """{"amount":1250,"currency":"EUR"}""";
        var response = await client.PostAsync("/sealed/echo?case=roundtrip", Envelope(Ring(GatewayFixture.NewKey).Encrypt(Encoding.UTF8.GetBytes(plain))), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = gateway.Upstream.Last("/echo?case=roundtrip");
        Assert.Equal(plain, Encoding.UTF8.GetString(received.Body));
        Assert.StartsWith("application/json", received.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal(PayloadEncryption.MediaType, response.Content.Headers.ContentType?.MediaType);
        var envelope = await response.Content.ReadAsByteArrayAsync(Cancel);
        Assert.Equal(GatewayFixture.NewKey.Id, JsonDocument.Parse(envelope).RootElement.GetProperty("kid").GetString());
        Assert.True(Ring(GatewayFixture.NewKey).TryDecrypt(envelope, out var decrypted, out _));
        Assert.Equal(plain, Encoding.UTF8.GetString(decrypted));
    }

    [Fact]
    public async Task Envelopes_made_with_the_previous_key_still_decrypt_after_rotation()
    {
        using var client = gateway.Factory.CreateAnonymousClient();
        var response = await client.PostAsync("/sealed/echo?case=rotation", Envelope(Ring(GatewayFixture.OldKey).Encrypt("""{"old":true}"""u8)), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"old":true}""", Encoding.UTF8.GetString(gateway.Upstream.Last("/echo?case=rotation").Body));
    }

    [Fact]
    public async Task An_envelope_under_an_unknown_key_is_refused_and_not_forwarded()
    {
        using var client = gateway.Factory.CreateAnonymousClient();
        var stranger = Ring(("k9", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var response = await client.PostAsync("/sealed/echo?case=unknown", Envelope(stranger.Encrypt("{}"u8)), Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "unknown-encryption-key");
        Assert.DoesNotContain(gateway.Upstream.Received, r => r.PathAndQuery == "/echo?case=unknown");
    }

    [Fact]
    public async Task An_envelope_encrypted_with_another_key_under_a_known_id_is_refused()
    {
        using var client = gateway.Factory.CreateAnonymousClient();
        var impostor = Ring((GatewayFixture.NewKey.Id, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var response = await client.PostAsync("/sealed/echo?case=wrongkey", Envelope(impostor.Encrypt("{}"u8)), Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "decryption-failed");
        Assert.DoesNotContain(gateway.Upstream.Received, r => r.PathAndQuery == "/echo?case=wrongkey");
    }

    [Fact]
    public async Task A_tampered_envelope_is_refused()
    {
        var envelope = JsonSerializer.Deserialize<Dictionary<string, string>>(Ring(GatewayFixture.NewKey).Encrypt("""{"a":1}"""u8))!;
        var tag = envelope["tag"].ToCharArray();
        tag[0] = tag[0] == 'A' ? 'B' : 'A';
        envelope["tag"] = new string(tag);
        using var client = gateway.Factory.CreateAnonymousClient();
        var response = await client.PostAsync("/sealed/echo?case=tampered", Envelope(JsonSerializer.SerializeToUtf8Bytes(envelope)), Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "decryption-failed");
    }

    [Theory]
    [InlineData("""{"kid":"k2"}""")]
    [InlineData("not json")]
    [InlineData("""{"kid":"k2","iv":"!!","ct":"","tag":""}""")]
    public async Task A_malformed_envelope_is_refused(string body)
    {
        using var client = gateway.Factory.CreateAnonymousClient();
        var response = await client.PostAsync("/sealed/echo?case=malformed", Envelope(Encoding.UTF8.GetBytes(body)), Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "malformed-envelope");
        Assert.DoesNotContain(gateway.Upstream.Received, r => r.PathAndQuery == "/echo?case=malformed");
    }

    [Fact]
    public async Task Plain_json_on_an_encrypted_route_is_refused_with_415()
    {
        using var client = gateway.Factory.CreateAnonymousClient();
        var response = await client.PostAsync("/sealed/echo?case=plain", Json("""{"a":1}"""), Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task The_capture_of_an_encrypted_exchange_holds_the_plaintext_redacted()
    {
        using var client = gateway.Factory.CreateAnonymousClient();
        var requestId = "sealed-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sealed/echo?case=capture")
        {
            Content = Envelope(Ring(GatewayFixture.NewKey).Encrypt("""{"user":"ada","password":"sealed-secret"}"""u8)),
        };
        request.Headers.Add("X-Request-ID", requestId);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request, Cancel)).StatusCode);

        var record = await gateway.CapturedAsync(requestId);
        Assert.Contains("\"ada\"", record.Detail!.RequestBody!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("sealed-secret", record.Detail.RequestBody.Text, StringComparison.Ordinal);
        Assert.Contains("\"ada\"", record.Detail.ResponseBody!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("sealed-secret", record.Detail.ResponseBody.Text, StringComparison.Ordinal);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Envelope(byte[] envelope)
    {
        var content = new ByteArrayContent(envelope);
        content.Headers.ContentType = new(PayloadEncryption.MediaType);
        return content;
    }

    private static PayloadEncryption Ring((string Id, byte[] Key) key)
    {
        var options = new PayloadEncryptionOptions();
        options.Keys.Add(new PayloadKeyOptions { Id = key.Id, Key = Convert.ToBase64String(key.Key) });
        return new PayloadEncryption(Options.Create(options));
    }
}
