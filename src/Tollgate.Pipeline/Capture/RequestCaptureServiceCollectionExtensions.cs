using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tollgate.Core.Requests;
using Tollgate.Pipeline.Capture;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-process request capture pipeline.</summary>
public static class RequestCaptureServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="CaptureQueueOptions"/> from <c>Pipeline:Capture</c> (validated at start-up), registers the
    /// <see cref="RequestCaptureQueue"/> as itself and as the <see cref="IRequestCaptureSink"/>, and runs the
    /// <see cref="RequestCaptureWriter"/> as a hosted service. The writer publishes through the transport
    /// <c>AddTollgatePipeline</c> registers (called here too): with the default in-process transport it needs an
    /// <see cref="IRequestStore"/>, e.g. from <c>AddTollgateSqliteStorage</c>. Uses <c>TryAdd</c>, so a host can put
    /// its own sink or clock in first.
    /// </summary>
    public static IServiceCollection AddTollgateRequestCapture(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddTollgatePipeline(configuration);
        services.AddOptions<CaptureQueueOptions>()
            .Bind(configuration.GetSection(CaptureQueueOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CaptureQueueOptions>, CaptureQueueOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RequestCaptureQueue>();
        services.TryAddSingleton<IRequestCaptureSink>(sp => sp.GetRequiredService<RequestCaptureQueue>());
        services.AddHostedService<RequestCaptureWriter>();
        return services;
    }
}
