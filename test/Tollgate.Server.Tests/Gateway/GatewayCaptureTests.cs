using System.Net;
using System.Text;
using Tollgate.Core.Requests;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Gateway;

/// <summary>What the gateway records of each exchange, and what it must never record.</summary>
public sealed class GatewayCaptureTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_exchange_is_recorded_with_its_metadata()
    {
        var requestId = NewId();
        using var client = gateway.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/either/orders/7?expand=lines&api_key=leaked-in-query");
        request.Headers.Add("X-Request-ID", requestId);
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        request.Headers.UserAgent.ParseAdd("capture-test/1.0");
        var response = await client.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var record = await gateway.CapturedAsync(requestId);
        Assert.Equal("default", record.TenantId);
        Assert.Equal("up", record.Service);
        Assert.Equal("either", record.Route);
        Assert.Equal("GET", record.Method);
        Assert.Equal("/either/{**rest}", record.RouteTemplate);
        Assert.Equal("/either/orders/7", record.Path);
        Assert.NotNull(record.Query);
        Assert.Contains("expand=lines", record.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("leaked-in-query", record.Query, StringComparison.Ordinal);
        Assert.Equal(200, record.Status);
        Assert.True(record.DurationMicroseconds > 0);
        Assert.NotNull(record.UpstreamDurationMicroseconds);
        Assert.InRange(record.UpstreamDurationMicroseconds!.Value, 1, record.DurationMicroseconds);
        Assert.True(record.ResponseBytes > 0);
        Assert.Equal("capture-test/1.0", record.UserAgent);
        Assert.StartsWith("apikey:", record.Principal, StringComparison.Ordinal);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", record.TraceId);
        Assert.Equal(response.Headers.GetValues("traceparent").Single().Split('-')[2], record.SpanId);
        Assert.Null(record.Error);
        Assert.Null(record.Detail);
    }

    [Fact]
    public async Task Refused_requests_are_recorded_with_why()
    {
        var requestId = NewId();
        using var client = gateway.Factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/keys/hello");
        request.Headers.Add("X-Request-ID", requestId);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request, Cancel)).StatusCode);

        var record = await gateway.CapturedAsync(requestId);
        Assert.Equal(401, record.Status);
        Assert.Null(record.UpstreamDurationMicroseconds);
        Assert.Contains("unauthenticated", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bodies_and_headers_are_captured_with_every_default_redaction()
    {
        var requestId = NewId();
        const string body = """
            {"user":"ada","password":"p-1","token":"p-2","secret":"p-3","card_number":"p-4",
             "nested":{"api_key":"p-5","items":[{"access_token":"p-6","refresh_token":"p-7"}]},
             "note":"paid with 4111 1111 1111 1111, auth Bearer abc.def-ghi_jkl",
             "other_card":"4111111111111112"}
            """;
        using var client = gateway.Factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/open/echo?password=q-1&page=2")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Request-ID", requestId);
        request.Headers.Authorization = new("Bearer", "h-1");
        request.Headers.Add("Cookie", "session=h-2");
        request.Headers.Add("X-Api-Key", "h-3");
        request.Headers.Add("X-Custom-Secret-Header", "h-4");
        request.Headers.Accept.ParseAdd("application/json");
        var response = await client.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync(Cancel));

        var record = await gateway.CapturedAsync(requestId);
        var detail = record.Detail!;
        var captured = detail.RequestBody!.Text;
        foreach (var leaked in new[] { "p-1", "p-2", "p-3", "p-4", "p-5", "p-6", "p-7", "4111 1111 1111 1111", "abc.def-ghi_jkl" })
        {
            Assert.DoesNotContain(leaked, captured, StringComparison.Ordinal);
            Assert.DoesNotContain(leaked, detail.ResponseBody!.Text, StringComparison.Ordinal);
        }

        Assert.Contains("\"ada\"", captured, StringComparison.Ordinal);
        Assert.Contains("4111111111111112", captured, StringComparison.Ordinal);
        Assert.False(detail.RequestBody.Truncated);
        Assert.DoesNotContain("q-1", record.Query, StringComparison.Ordinal);
        Assert.Contains("page=2", record.Query, StringComparison.Ordinal);
        var headers = detail.RequestHeaders.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var name in new[] { "Authorization", "Cookie", "X-Api-Key", "X-Custom-Secret-Header" })
        {
            Assert.Equal(RequestRedaction.Mask, headers[name]);
        }

        Assert.Equal("application/json", headers["Accept"]);
        Assert.Equal(requestId, headers["X-Request-ID"]);
    }

    [Fact]
    public async Task Set_cookie_and_response_secrets_are_redacted()
    {
        var requestId = NewId();
        using var client = gateway.Factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open/secret");
        request.Headers.Add("X-Request-ID", requestId);
        var response = await client.SendAsync(request, Cancel);
        Assert.Contains("hunter2-response", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        var detail = (await gateway.CapturedAsync(requestId)).Detail!;
        Assert.DoesNotContain("hunter2-response", detail.ResponseBody!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-response", detail.ResponseBody.Text, StringComparison.Ordinal);
        Assert.Equal(RequestRedaction.Mask, detail.ResponseHeaders.Single(h => h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)).Value);
    }

    [Fact]
    public async Task Metadata_routes_store_no_bodies()
    {
        var requestId = NewId();
        using var client = gateway.Factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/meta/echo") { Content = new StringContent("""{"a":1}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Request-ID", requestId);
        await client.SendAsync(request, Cancel);

        var record = await gateway.CapturedAsync(requestId);
        Assert.Null(record.Detail);
        Assert.Equal(7, record.RequestBytes);
        Assert.Equal(7, record.ResponseBytes);
    }

    private static string NewId() => "capture-" + Guid.NewGuid().ToString("N");
}
