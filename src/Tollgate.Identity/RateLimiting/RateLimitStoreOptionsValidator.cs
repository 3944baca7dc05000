using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Redis;

namespace Tollgate.Identity.RateLimiting;

/// <summary>Refuses an unknown store, and the Redis store on a node without a Redis connection, naming the keys to set.</summary>
internal sealed class RateLimitStoreOptionsValidator(IServiceProviderIsService services) : IValidateOptions<RateLimitStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Store))
        {
            return ValidateOptionsResult.Fail(
                $"{RateLimitingOptions.SectionName}:Store must be {string.Join(" or ", Enum.GetNames<RateLimitStore>())}.");
        }

        if (options.Store == RateLimitStore.Redis && !services.IsService(typeof(RedisConnection)))
        {
            return ValidateOptionsResult.Fail(
                $"{RateLimitingOptions.SectionName}:Store is Redis but this node has no Redis connection: set " +
                $"{RedisOptions.SectionName}:Configuration and register it with AddTollgateRedis, or set {RateLimitingOptions.SectionName}:Store to Memory.");
        }

        return ValidateOptionsResult.Success;
    }
}
