using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Tracing;

namespace Tollgate.Gateway.Tests.Tracing;

/// <summary>
/// A minimal app on real Kestrel (127.0.0.1, port 0) with request tracing first and the usual problem-details error
/// handling after it, as the server wires them: <c>/echo</c> reports what the request saw, <c>/throw</c> fails,
/// <c>/empty</c> answers 204 with no body. The host turns log activity tracking off, to show that
/// <c>AddTollgateRequestTracing</c> turns it back on.
/// </summary>
public partial class TracingServer : IAsyncLifetime
{
    private WebApplication? app;

    /// <summary>Every log entry the app wrote, Debug and up.</summary>
    public ScopeCapturingLoggerProvider Logs { get; } = new();

    /// <summary>The server's base address.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>
    /// Whether ASP.NET Core's hosting starts its own activity. It does when its diagnostics logger is enabled (or
    /// something listens); with that logger off and no listener, the middleware must start the activity itself.
    /// </summary>
    protected virtual bool HostStartsActivity => true;

    public HttpClient CreateClient() => new() { BaseAddress = Address };

    /// <summary>Sends <paramref name="request"/> and returns the response with what <c>/echo</c> saw.</summary>
    public async Task<(HttpResponseMessage Response, Echo Echo)> EchoAsync(HttpRequestMessage request)
    {
        using var client = CreateClient();
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.Content.ReadFromJsonAsync<Echo>(TestContext.Current.CancellationToken);
        return (response, echo!);
    }

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.None);
        if (!HostStartsActivity)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        }

        builder.Services.AddTollgateRequestTracing();
        builder.Services.AddProblemDetails();

        app = builder.Build();
        app.UseTollgateRequestTracing();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/echo", (HttpContext context, ILogger<TracingServer> logger) =>
        {
            var identity = context.Features.GetRequiredFeature<IRequestIdentityFeature>();
            var activity = Activity.Current;
            LogEcho(logger);
            return new Echo(
                identity.RequestId,
                identity.TraceId.ToHexString(),
                identity.SpanId.ToHexString(),
                identity.TraceParent,
                context.TraceIdentifier,
                activity?.Id,
                activity?.ParentSpanId.ToHexString(),
                activity?.TraceStateString,
                activity?.OperationName);
        });
        app.MapGet("/throw", string () => throw new InvalidOperationException("boom"));
        app.MapGet("/empty", () => Results.NoContent());

        await app.StartAsync(TestContext.Current.CancellationToken);
        Address = new Uri(app.Urls.Single());
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        Logs.Dispose();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "echo")]
    private static partial void LogEcho(ILogger logger);
}
