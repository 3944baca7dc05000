using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tollgate.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis connection a scaled-out node shares between its Redis features.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>The name of the Redis readiness check.</summary>
    public const string HealthCheckName = "redis";

    /// <summary>The tag of checks that decide readiness (<c>/health/ready</c>); the same as the server's.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Binds <see cref="RedisOptions"/> from <c>Redis</c> (validated at start-up: <c>Redis:Configuration</c> must be
    /// a parsable StackExchange.Redis configuration string), registers the singleton <see cref="RedisConnection"/> and a
    /// readiness check named <see cref="HealthCheckName"/> tagged <see cref="ReadyTag"/> that PINGs the server.
    /// Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddTollgateRedis(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(RedisConnection)))
        {
            return services;
        }

        services.AddOptions<RedisOptions>()
            .Bind(configuration.GetSection(RedisOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>());
        services.AddSingleton<RedisConnection>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(HealthCheckName, tags: [ReadyTag]);
        return services;
    }
}
