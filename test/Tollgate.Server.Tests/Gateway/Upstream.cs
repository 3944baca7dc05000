using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tollgate.Server.Tests.Gateway;

/// <summary>
/// A real service behind the gateway: Kestrel on 127.0.0.1 and a free port, with endpoints that echo, stream, stall
/// and fail on demand, and a log of what it received so tests can check what the gateway forwarded.
/// </summary>
public sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication app;

    private Upstream(WebApplication app) => this.app = app;

    /// <summary>The base address, with a trailing slash.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>Starts on a free loopback port; with <paramref name="http2Only"/> it speaks cleartext HTTP/2 (h2c) only.</summary>
    public static async Task<Upstream> StartAsync(bool http2Only = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
            listen.Protocols = http2Only ? Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2 : Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1AndHttp2));
        var app = builder.Build();
        var upstream = new Upstream(app);
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            var body = new MemoryStream();
            if (!HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments("/upload-count"))
            {
                await context.Request.Body.CopyToAsync(body);
                body.Position = 0;
                context.Request.Body = body;
            }

            upstream.Received.Enqueue(new ReceivedRequest(
                context.Request.Protocol,
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.ToArray()));
            await next(context);
        });
        app.MapGet("/hello", () => Results.Json(new { hello = "world" }));
        app.Map("/ws", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[4096];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
            }
        });
        app.MapGet("/orders/{id}", (string id) => Results.Json(new { id, status = "shipped" }));
        app.MapPost("/echo", async (HttpContext context) =>
        {
            context.Response.ContentType = context.Request.ContentType ?? "application/octet-stream";
            await context.Request.Body.CopyToAsync(context.Response.Body);
        });
        app.MapPut("/echo", async (HttpContext context) =>
        {
            context.Response.ContentType = context.Request.ContentType ?? "application/octet-stream";
            await context.Request.Body.CopyToAsync(context.Response.Body);
        });
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/slow", async (int ms, CancellationToken cancel) =>
        {
            await Task.Delay(ms, cancel);
            return Results.Json(new { slept = ms });
        });
        app.MapGet("/secret", (HttpContext context) =>
        {
            context.Response.Headers.SetCookie = "session=abc123";
            return Results.Json(new { user = "ada", password = "hunter2-response", token = "tok-response" });
        });
        app.MapGet("/stream", async (HttpContext context, long bytes) =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("line of streamed text, 0123456789abcdef ✓\n", 400)));
            for (long sent = 0; sent < bytes; sent += chunk.Length)
            {
                var count = (int)Math.Min(chunk.Length, bytes - sent);
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, count), context.RequestAborted);
            }
        });
        app.MapPost("/upload-count", async (HttpContext context) =>
        {
            var buffer = new byte[16 * 1024];
            long total = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                total += read;
            }

            return Results.Json(new { received = total });
        });
        await app.StartAsync();
        upstream.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/";
        return upstream;
    }

    /// <summary>The last request received on <paramref name="path"/>.</summary>
    public ReceivedRequest Last(string path) => Received.Last(r => r.PathAndQuery.StartsWith(path, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
