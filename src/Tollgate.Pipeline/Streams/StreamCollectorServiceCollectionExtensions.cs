using Tollgate.Core.Audit;
using Tollgate.Core.Requests;
using Tollgate.Pipeline.Streams;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the collectors that drain the Redis streams into the stores.</summary>
public static class StreamCollectorServiceCollectionExtensions
{
    /// <summary>
    /// Runs one collector per stream (requests, audit) as hosted services, joining the <c>collectors</c> consumer
    /// group. For nodes with the collector role when <c>Pipeline:Transport</c> is <c>Redis</c>: needs
    /// <c>AddTollgatePipeline</c> with that transport (for the connection and <see cref="RedisStreamOptions"/>), an
    /// <see cref="IRequestStore"/> and an <see cref="IAuditEventStore"/>; register the stores first, so they start
    /// before the collectors and stop after them. Calling it again does nothing.
    /// </summary>
    public static IServiceCollection AddTollgateStreamCollectors(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHostedService<RequestStreamCollector>();
        services.AddHostedService<AuditStreamCollector>();
        return services;
    }
}
