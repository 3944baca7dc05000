using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tollgate.Gateway;
using Tollgate.Gateway.Capture;
using Tollgate.Gateway.Proxy;
using Tollgate.Gateway.Routing;
using Yarp.ReverseProxy.Transforms;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the gateway: YARP with Tollgate's route policies, upstream headers and exchange capture.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds YARP with its routes and clusters from <c>Gateway:Routes</c> and <c>Gateway:Clusters</c> (reloaded when the
    /// configuration changes), compiles each route's <c>Policy</c> on every load, and binds <see cref="GatewayOptions"/>
    /// (validated at start-up). Captured exchanges go to the <c>IRequestCaptureSink</c> the host registers. Call after
    /// <c>AddTollgateProblems</c>, so gateway problems are also recorded on the exchange.
    /// </summary>
    public static IServiceCollection AddTollgateGateway(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GatewayOptions>()
            .Bind(configuration.GetSection(GatewayOptions.SectionName))
            .Validate(o => o.TrustedProxies.All(p => GatewayOptions.TryParseProxy(p, out _)),
                "Gateway:TrustedProxies must list IP addresses (10.0.0.5) or CIDR networks (10.0.0.0/8).")
            .ValidateOnStart();
        services.AddOptions<CaptureOptions>()
            .Bind(configuration.GetSection(CaptureOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CaptureOptions>, CaptureOptionsValidator>());
        services.AddTollgatePayloadEncryption(configuration);
        services.AddTollgateSchemaValidation(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GatewayRoutePolicies>();
        services.TryAddSingleton<GatewayRoutePolicyCompiler>();
        services.TryAddSingleton<ExchangeRecorder>();
        services.AddReverseProxy()
            .LoadFromConfig(configuration.GetSection(GatewayOptions.SectionName))
            .AddConfigFilter<GatewayRouteConfigFilter>()
            .AddTransforms(transforms => transforms.AddRequestTransform(UpstreamRequestHeaders.ApplyAsync));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<GatewayOptions>>((forwarded, gateway) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = null;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in gateway.Value.TrustedProxies)
            {
                if (GatewayOptions.TryParseProxy(proxy, out var network))
                {
                    forwarded.KnownIPNetworks.Add(network);
                }
            }
        });
        services.Configure<ProblemDetailsOptions>(options => options.CustomizeProblemDetails += RecordOnExchange);
        return services;
    }

    private static void RecordOnExchange(ProblemDetailsContext context)
    {
        if (context.HttpContext.Features.Get<GatewayExchange>() is { } exchange)
        {
            exchange.Error ??= $"{context.ProblemDetails.Type}: {context.ProblemDetails.Detail}";
        }
    }
}
