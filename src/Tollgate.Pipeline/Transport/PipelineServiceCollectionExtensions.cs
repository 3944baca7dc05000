using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tollgate.Pipeline.Streams;
using Tollgate.Pipeline.Transport;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the transport that carries signals from the node that receives them to the store.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="PipelineOptions"/> from <c>Pipeline</c> (validated at start-up) and registers the
    /// <see cref="IRequestPublisher"/> and <see cref="IAuditEventPublisher"/> of the configured transport:
    /// <list type="bullet">
    /// <item><c>InProcess</c> (default): publishing is the store's write, so an <see cref="Tollgate.Core.Requests.IRequestStore"/>
    /// and an <see cref="Tollgate.Core.Audit.IAuditEventStore"/> are needed.</item>
    /// <item><c>Redis</c>: publishing adds stream entries. Calls <c>AddTollgateRedis</c> (section <c>Redis</c>), binds
    /// <see cref="RedisStreamOptions"/> from <c>Pipeline:Redis</c> (validated at start-up), and registers
    /// <see cref="StreamStatistics"/>. Collectors run only where <c>AddTollgateStreamCollectors</c> is also called.</item>
    /// </list>
    /// The transport is read from <paramref name="configuration"/> now, as it decides what is registered; an unknown
    /// name throws, naming <c>Pipeline:Transport</c>. Uses <c>TryAdd</c>, so a host can put its own publishers in
    /// first; calling it again does nothing.
    /// </summary>
    public static IServiceCollection AddTollgatePipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(PipelineRegistered)))
        {
            return services;
        }

        services.AddSingleton<PipelineRegistered>();

        var section = configuration.GetSection(PipelineOptions.SectionName);
        services.AddOptions<PipelineOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PipelineOptions>, PipelineOptionsValidator>());
        var transport = section.GetValue(nameof(PipelineOptions.Transport), PipelineTransport.InProcess);
        if (transport != PipelineTransport.Redis)
        {
            services.TryAddSingleton<IRequestPublisher, StoreRequestPublisher>();
            services.TryAddSingleton<IAuditEventPublisher, StoreAuditEventPublisher>();
            return services;
        }

        services.AddTollgateRedis(configuration);
        services.AddOptions<RedisStreamOptions>()
            .Bind(configuration.GetSection(RedisStreamOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisStreamOptions>, RedisStreamOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StreamInstruments>();
        services.TryAddSingleton<StreamStatistics>();
        services.TryAddSingleton<IRequestPublisher, RedisRequestPublisher>();
        services.TryAddSingleton<IAuditEventPublisher, RedisAuditEventPublisher>();
        return services;
    }

    /// <summary>Marks the collection as done, so a second call (say, from <c>AddTollgateRequestCapture</c>) changes nothing.</summary>
    private sealed class PipelineRegistered;
}
