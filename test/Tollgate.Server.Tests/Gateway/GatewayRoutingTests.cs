using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Gateway;

public sealed class GatewayRoutingTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Routes_by_path_prefix_to_the_upstream_and_returns_its_answer()
    {
        using var client = gateway.Factory.CreateAnonymousClient();
        var response = await client.GetAsync("/open/orders/42?expand=lines", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal("42", body.GetProperty("id").GetString());
        Assert.Equal("/orders/42?expand=lines", gateway.Upstream.Last("/orders/42").PathAndQuery);
    }

    [Fact]
    public async Task A_path_no_route_matches_is_a_404_problem_and_reaches_no_upstream()
    {
        using var client = gateway.Factory.CreateClient();
        var before = gateway.Upstream.Received.Count;
        var response = await client.GetAsync("/nowhere/hello", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, gateway.Upstream.Received.Count);
    }

    [Fact]
    public async Task Tollgate_endpoints_are_not_shadowed_by_routes()
    {
        using var client = gateway.Factory.CreateClient();
        var response = await client.GetAsync("/api/v1/logs?limit=1", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_valid_request_id_is_forwarded_upstream_and_returned()
    {
        using var client = gateway.Factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open/hello");
        request.Headers.Add("X-Request-ID", "client-id.42:abc_-");
        var response = await client.SendAsync(request, Cancel);

        Assert.Equal("client-id.42:abc_-", response.Headers.GetValues("X-Request-ID").Single());
        Assert.Equal("client-id.42:abc_-", gateway.Upstream.Received.Last(r => r.Header("X-Request-ID") == "client-id.42:abc_-").Header("X-Request-ID"));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("")]
    public async Task An_invalid_request_id_is_replaced_before_forwarding(string invalid)
    {
        using var client = gateway.Factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open/hello?case=" + Uri.EscapeDataString(invalid));
        request.Headers.TryAddWithoutValidation("X-Request-ID", invalid);
        var response = await client.SendAsync(request, Cancel);

        var returned = response.Headers.GetValues("X-Request-ID").Single();
        Assert.NotEqual(invalid, returned);
        Assert.Equal(returned, gateway.Upstream.Last("/hello?case=" + Uri.EscapeDataString(invalid)).Header("X-Request-ID"));
    }

    [Fact]
    public async Task An_oversized_request_id_is_replaced_before_forwarding()
    {
        var oversized = new string('a', 129);
        using var client = gateway.Factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open/hello?case=oversized");
        request.Headers.Add("X-Request-ID", oversized);
        var response = await client.SendAsync(request, Cancel);

        var returned = response.Headers.GetValues("X-Request-ID").Single();
        Assert.NotEqual(oversized, returned);
        Assert.Equal(returned, gateway.Upstream.Last("/hello?case=oversized").Header("X-Request-ID"));
    }

    [Fact]
    public async Task A_request_id_with_CRLF_never_reaches_the_upstream()
    {
        // HttpClient refuses to send CR/LF in a header, so the raw bytes go over a socket to a real Kestrel gateway.
        await using var kestrel = new GatewayFactory(gateway.Factory.ConfigFile, kestrel: true);
        using var client = kestrel.CreateAnonymousClient();
        var response = await RawHttp.SendAsync(client.BaseAddress!, "GET /open/hello?case=crlf HTTP/1.1\r\nHost: x\r\nX-Request-ID: abc\rinjected: 1\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        Assert.DoesNotContain(gateway.Upstream.Received, r => r.PathAndQuery == "/hello?case=crlf");
    }

    [Fact]
    public async Task A_traceparent_is_continued_upstream_and_in_the_response()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var client = gateway.Factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open/hello?case=trace");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        var response = await client.SendAsync(request, Cancel);

        var returned = response.Headers.GetValues("traceparent").Single();
        Assert.StartsWith($"00-{traceId}-", returned, StringComparison.Ordinal);
        Assert.DoesNotContain("00f067aa0ba902b7", returned, StringComparison.Ordinal);
        var forwarded = gateway.Upstream.Last("/hello?case=trace").Header("traceparent");
        Assert.NotNull(forwarded);
        Assert.StartsWith($"00-{traceId}-", forwarded, StringComparison.Ordinal);
        Assert.DoesNotContain("00f067aa0ba902b7", forwarded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_traceparent_a_new_trace_starts_and_is_forwarded()
    {
        using var client = gateway.Factory.CreateAnonymousClient();
        var response = await client.GetAsync("/open/hello?case=newtrace", Cancel);

        var returned = response.Headers.GetValues("traceparent").Single();
        var forwarded = gateway.Upstream.Last("/hello?case=newtrace").Header("traceparent");
        Assert.NotNull(forwarded);
        Assert.Equal(returned.Split('-')[1], forwarded.Split('-')[1]);
    }

    [Fact]
    public async Task Tollgate_credentials_are_not_forwarded_and_identity_headers_are()
    {
        using var client = gateway.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/keys/hello?case=strip");
        request.Headers.Add("X-Tollgate-Principal", "apikey:forged");
        var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = gateway.Upstream.Last("/hello?case=strip");
        Assert.Null(received.Header("Authorization"));
        Assert.Equal("default", received.Header("X-Tollgate-Tenant"));
        Assert.StartsWith("apikey:", received.Header("X-Tollgate-Principal"), StringComparison.Ordinal);
        Assert.NotEqual("apikey:forged", received.Header("X-Tollgate-Principal"));
    }

    [Fact]
    public async Task An_api_key_sent_as_X_Api_Key_is_not_forwarded()
    {
        using var client = IdentityApi.HeaderClient(gateway.Factory, "X-Api-Key", gateway.Factory.ApiKey);
        var response = await client.GetAsync("/keys/hello?case=xapikey", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(gateway.Upstream.Last("/hello?case=xapikey").Header("X-Api-Key"));
    }

    [Fact]
    public async Task Request_bodies_are_streamed_to_the_upstream_unchanged()
    {
        var payload = new byte[3 * 1024 * 1024 + 7];
        Random.Shared.NextBytes(payload);
        using var client = gateway.Factory.CreateAnonymousClient();
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new("application/octet-stream");
        var response = await client.PostAsync("/open/upload-count", content, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(payload.Length, body.GetProperty("received").GetInt64());
    }
}
