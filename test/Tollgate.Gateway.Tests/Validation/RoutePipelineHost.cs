using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Capture;
using Tollgate.Gateway.Encryption;
using Tollgate.Gateway.Routing;

namespace Tollgate.Gateway.Tests.Validation;

/// <summary>
/// A gateway route pipeline on real Kestrel (127.0.0.1, port 0), as the proxy runs it: a step that gives each request
/// the policy of its first path segment (<c>/orders/…</c> gets the policy named "orders"; unknown names get no
/// <see cref="IGatewayRouteFeature"/>), then the gateway middlewares under test, then a fake upstream in place of
/// YARP's forwarder.
/// </summary>
public sealed class RoutePipelineHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private RoutePipelineHost(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<RoutePipelineHost> StartAsync(
        IReadOnlyDictionary<string, GatewayRoutePolicy> policies,
        Action<IServiceCollection> services,
        Action<IApplicationBuilder> gateway,
        RequestDelegate upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        services(builder.Services);
        var app = builder.Build();
        app.Use((context, next) =>
        {
            var name = context.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (name is not null && policies.TryGetValue(name, out var policy))
            {
                context.Features.Set<IGatewayRouteFeature>(new RouteFeature(policy));
            }

            return next(context);
        });
        gateway(app);
        app.Run(upstream);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new RoutePipelineHost(app, new Uri(address));
    }

    /// <summary>A policy that only sets what these middlewares read.</summary>
    public static GatewayRoutePolicy Policy(string routeId, PayloadEncryptionMode encryption = PayloadEncryptionMode.None, Gateway.Validation.RequestSchemaSet? schemas = null) =>
        new()
        {
            RouteId = routeId,
            Auth = GatewayAuthModes.None,
            Scopes = [],
            AnonymousTenant = "default",
            Encryption = encryption,
            Schemas = schemas,
            Capture = CapturePolicy.Default,
        };

    public HttpClient CreateClient() => new() { BaseAddress = Address };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed class RouteFeature(GatewayRoutePolicy policy) : IGatewayRouteFeature
    {
        public GatewayRoutePolicy Policy { get; } = policy;
    }
}
