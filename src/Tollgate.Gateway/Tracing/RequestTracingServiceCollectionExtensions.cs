using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what request tracing needs.</summary>
public static class RequestTracingServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="TimeProvider"/> (for request ids) unless one is registered, and makes every log scope carry
    /// the current activity's <c>TraceId</c> and <c>SpanId</c>, so a request's log lines can be found by trace id
    /// as well as by the <c>RequestId</c> scope the middleware adds. Pair with <c>UseTollgateRequestTracing</c>.
    /// </summary>
    public static IServiceCollection AddTollgateRequestTracing(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<LoggerFactoryOptions>(options =>
            options.ActivityTrackingOptions |= ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        return services;
    }
}
