using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Tollgate.Testing.Services;

namespace Tollgate.Redis.Tests;

public sealed class RedisServiceCollectionExtensionsTests
{
    [Fact]
    public void Missing_configuration_is_refused_naming_the_key()
    {
        using var provider = Build(new Dictionary<string, string?>());

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedisOptions>>().Value);

        Assert.Contains("Redis:Configuration is required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:6379,noSuchOption=1")]
    [InlineData("password=only")]
    public void Unparsable_configuration_is_refused_naming_the_key(string configuration)
    {
        using var provider = Build(new Dictionary<string, string?> { ["Redis:Configuration"] = configuration });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedisOptions>>().Value);

        Assert.Contains("Redis:Configuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_never_repeats_the_password()
    {
        const string password = "pw-that-must-not-leak-91c2";
        using var provider = Build(new Dictionary<string, string?> { ["Redis:Configuration"] = $"127.0.0.1:6379,password={password},connectTimeout=soon" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedisOptions>>().Value);

        Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_key_prefix_is_refused()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = TestServices.RedisConfiguration,
            ["Redis:KeyPrefix"] = "",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedisOptions>>().Value);

        Assert.Contains("Redis:KeyPrefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registers_one_shared_connection_and_a_ready_health_check()
    {
        await using var provider = Build(new Dictionary<string, string?> { ["Redis:Configuration"] = TestServices.RedisConfiguration });

        var first = provider.GetRequiredService<RedisConnection>();
        var second = provider.GetRequiredService<RedisConnection>();
        var registration = Assert.Single(provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations);
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Same(first, second);
        Assert.Equal("redis", registration.Name);
        Assert.Contains("ready", registration.Tags);
        Assert.Equal(HealthStatus.Healthy, report.Status);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTollgateRedis(configuration);
        services.AddTollgateRedis(configuration);
        return services.BuildServiceProvider();
    }
}
