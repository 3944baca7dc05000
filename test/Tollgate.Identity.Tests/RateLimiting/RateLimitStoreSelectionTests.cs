using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Identity.RateLimiting;
using Tollgate.Identity.Signing;
using Tollgate.Testing.Services;

namespace Tollgate.Identity.Tests.RateLimiting;

public sealed class RateLimitStoreSelectionTests
{
    [Fact]
    public void Memory_is_the_default()
    {
        using var provider = Build(new Dictionary<string, string?>(), withRedis: false);

        Assert.Equal(RateLimitStore.Memory, provider.GetRequiredService<IOptions<RateLimitStoreOptions>>().Value.Store);
        Assert.IsType<MemoryNonceStore>(provider.GetRequiredService<INonceStore>());
    }

    [Fact]
    public async Task Redis_store_shares_nonces_through_redis()
    {
        await using var provider = Build(new Dictionary<string, string?> { ["RateLimiting:Store"] = "Redis" }, withRedis: true);

        Assert.IsType<RedisNonceStore>(provider.GetRequiredService<INonceStore>());
    }

    [Fact]
    public void Redis_store_without_a_redis_connection_is_refused_at_start()
    {
        using var provider = Build(new Dictionary<string, string?> { ["RateLimiting:Store"] = "Redis" }, withRedis: false);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RateLimitStoreOptions>>().Value);

        Assert.Contains("RateLimiting:Store is Redis", error.Message, StringComparison.Ordinal);
        Assert.Contains("Redis:Configuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_store_is_refused()
    {
        using var provider = Build(new Dictionary<string, string?> { ["RateLimiting:Store"] = "7" }, withRedis: false);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RateLimitStoreOptions>>().Value);

        Assert.Contains("RateLimiting:Store must be Memory or Redis", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, bool withRedis)
    {
        if (withRedis)
        {
            settings["Redis:Configuration"] = TestServices.RedisConfiguration;
            settings["Redis:KeyPrefix"] = RedisTestNodes.NewPrefix();
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (withRedis)
        {
            services.AddTollgateRedis(configuration);
        }

        services.AddTollgateIdentity(configuration);
        return services.BuildServiceProvider();
    }
}
