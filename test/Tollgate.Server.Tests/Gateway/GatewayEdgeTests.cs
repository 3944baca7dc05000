using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Core.Requests;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Gateway;

/// <summary>Rate limits, client addresses behind proxies and WebSockets, each on a gateway of its own.</summary>
public sealed class GatewayEdgeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_route_rate_limit_answers_429_problem_and_the_refusal_is_recorded()
    {
        await using var upstream = await Upstream.StartAsync();
        await using var directory = GatewayFactory.CreateDirectory();
        var config = await WriteAsync(directory, upstream, new JsonObject { ["Auth"] = "apikey", ["RateLimit"] = "query" });
        await using var factory = new GatewayFactory(config, settings: new Dictionary<string, string?>
        {
            ["RateLimiting:Enabled"] = "true",
            ["RateLimiting:Policies:query:PermitsPerSecond"] = "1",
            ["RateLimiting:Policies:query:Burst"] = "2",
        });
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/svc/hello", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/svc/hello", Cancel)).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/svc/hello");
        request.Headers.Add("X-Request-ID", "limited-1");
        var limited = await client.SendAsync(request, Cancel);

        await ProblemAssert.IsAsync(limited, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(limited.Headers.RetryAfter is not null);
        var record = await CapturedAsync(factory, "limited-1");
        Assert.Equal(429, record.Status);
        Assert.Contains("rate-limited", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task X_Forwarded_For_is_ignored_unless_the_proxy_is_trusted()
    {
        await using var upstream = await Upstream.StartAsync();
        await using var directory = GatewayFactory.CreateDirectory();
        var config = await WriteAsync(directory, upstream, new JsonObject { ["Auth"] = "none" });

        await using (var untrusting = new GatewayFactory(config, kestrel: true))
        {
            var record = await SendForwardedAsync(untrusting, "untrusted-1");
            Assert.Equal("127.0.0.1", record.ClientIp);
        }

        await using var trusting = new GatewayFactory(config, kestrel: true, new Dictionary<string, string?> { ["Gateway:TrustedProxies:0"] = "127.0.0.0/8" });
        var trusted = await SendForwardedAsync(trusting, "trusted-1");
        Assert.Equal("203.0.113.9", trusted.ClientIp);
        Assert.StartsWith("203.0.113.9", upstream.Received.Last(r => r.Header("X-Request-ID") == "trusted-1").Header("X-Forwarded-For"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_trusted_proxy_stops_the_start_naming_the_setting()
    {
        using var directory = new TempDirectory("gateway-proxies-");
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(
            directory.Combine("tollgate.db"), new Dictionary<string, string> { ["Gateway:TrustedProxies:0"] = "not-an-address" }, TimeSpan.FromSeconds(60));

        Assert.NotNull(exitCode);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Gateway:TrustedProxies", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebSockets_are_proxied_and_recorded()
    {
        await using var upstream = await Upstream.StartAsync();
        await using var directory = GatewayFactory.CreateDirectory();
        var config = await WriteAsync(directory, upstream, new JsonObject { ["Auth"] = "none", ["Capture"] = new JsonObject { ["Mode"] = "Bodies" } });
        await using var factory = new GatewayFactory(config, kestrel: true);
        using var http = factory.CreateAnonymousClient();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Request-ID", "socket-1");

        await socket.ConnectAsync(new Uri($"ws://{http.BaseAddress!.Authority}/svc/ws"), Cancel);
        await socket.SendAsync("ping through the gateway"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, Cancel);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, Cancel);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Cancel);

        Assert.Equal("ping through the gateway", Encoding.UTF8.GetString(buffer, 0, received.Count));
        var record = await CapturedAsync(factory, "socket-1");
        Assert.Equal(101, record.Status);
    }

    [Fact]
    public async Task An_http2_only_upstream_is_reached_over_http2_and_captured()
    {
        await using var upstream = await Upstream.StartAsync(http2Only: true);
        await using var directory = GatewayFactory.CreateDirectory();
        var config = directory.Combine("tollgate.json");
        var cluster = GatewayFactory.Cluster(upstream.Address);
        cluster["HttpRequest"] = new JsonObject { ["Version"] = "2", ["VersionPolicy"] = "RequestVersionExact" };
        await GatewayFactory.WriteConfigAsync(config, new JsonObject
        {
            ["Routes"] = new JsonObject
            {
                ["svc"] = GatewayFactory.Route("svc", "h2", new JsonObject { ["Auth"] = "none", ["Capture"] = new JsonObject { ["Mode"] = "Bodies" } }),
            },
            ["Clusters"] = new JsonObject { ["h2"] = cluster },
        });
        await using var factory = new GatewayFactory(config, kestrel: true);
        using var client = factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/svc/echo") { Content = new StringContent("""{"over":"h2"}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Request-ID", "h2-1");

        var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"over":"h2"}""", await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("HTTP/2", upstream.Last("/echo").Protocol);
        var record = await CapturedAsync(factory, "h2-1");
        Assert.Equal(200, record.Status);
    }

    private static async Task<string> WriteAsync(TempDirectory directory, Upstream upstream, JsonObject policy)
    {
        var config = directory.Combine("tollgate.json");
        await GatewayFactory.WriteConfigAsync(config, new JsonObject
        {
            ["Routes"] = new JsonObject { ["svc"] = GatewayFactory.Route("svc", "up", policy) },
            ["Clusters"] = new JsonObject { ["up"] = GatewayFactory.Cluster(upstream.Address) },
        });
        return config;
    }

    private static async Task<RequestRecord> SendForwardedAsync(GatewayFactory factory, string requestId)
    {
        using var client = factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/svc/hello");
        request.Headers.Add("X-Request-ID", requestId);
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request, Cancel)).StatusCode);
        return await CapturedAsync(factory, requestId);
    }

    private static Task<RequestRecord> CapturedAsync(GatewayFactory factory, string requestId) => Captures.WaitForAsync(factory, requestId);
}
