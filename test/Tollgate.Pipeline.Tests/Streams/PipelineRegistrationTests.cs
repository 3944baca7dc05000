using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tollgate.Core.Audit;
using Tollgate.Core.Requests;
using Tollgate.Pipeline.Streams;
using Tollgate.Pipeline.Transport;
using Tollgate.Redis;

namespace Tollgate.Pipeline.Tests.Streams;

public sealed class PipelineRegistrationTests : IAsyncLifetime
{
    private SqliteStores stores = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => stores = await SqliteStores.OpenAsync();

    public ValueTask DisposeAsync() => stores.DisposeAsync();

    [Fact]
    public async Task By_default_publishing_is_the_store_write_and_nothing_of_redis_is_registered()
    {
        await using var services = Build([]);

        Assert.IsType<StoreRequestPublisher>(services.GetRequiredService<IRequestPublisher>());
        var audit = services.GetRequiredService<IAuditEventPublisher>();
        Assert.IsType<StoreAuditEventPublisher>(audit);
        Assert.False(audit.IsDeferred);
        Assert.Null(services.GetService<RedisConnection>());
        Assert.Null(services.GetService<StreamStatistics>());
    }

    [Fact]
    public async Task The_redis_transport_publishes_to_streams_with_the_documented_defaults()
    {
        await using var services = Build(new() { ["Pipeline:Transport"] = "Redis", ["Redis:Configuration"] = "localhost:1" });

        Assert.IsType<RedisRequestPublisher>(services.GetRequiredService<IRequestPublisher>());
        Assert.True(Assert.IsType<RedisAuditEventPublisher>(services.GetRequiredService<IAuditEventPublisher>()).IsDeferred);
        Assert.NotNull(services.GetService<RedisConnection>());
        Assert.NotNull(services.GetService<StreamStatistics>());
        var options = services.GetRequiredService<IOptions<RedisStreamOptions>>().Value;
        Assert.Equal(100_000, options.MaxLength);
        Assert.Equal(50, options.ReadCount);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.IdlePollDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ClaimIdleTime);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ClaimInterval);
        Assert.Null(options.ConsumerName);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.RetryInitialDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryMaxDelay);
        Assert.Equal(TimeSpan.FromHours(24), options.IdempotencyWindow);
        Assert.Equal(5_000, options.MaxEventsPerTransaction);
    }

    [Fact]
    public async Task Stream_settings_are_read_from_pipeline_redis()
    {
        await using var services = Build(new()
        {
            ["Pipeline:Transport"] = "Redis",
            ["Redis:Configuration"] = "localhost:1",
            ["Pipeline:Redis:MaxLength"] = "5000",
            ["Pipeline:Redis:ReadCount"] = "7",
            ["Pipeline:Redis:IdlePollDelay"] = "00:00:00.250",
            ["Pipeline:Redis:ClaimIdleTime"] = "00:01:00",
            ["Pipeline:Redis:ClaimInterval"] = "00:00:20",
            ["Pipeline:Redis:ConsumerName"] = "collector-0",
            ["Pipeline:Redis:RetryInitialDelay"] = "00:00:01",
            ["Pipeline:Redis:RetryMaxDelay"] = "00:02:00",
            ["Pipeline:Redis:IdempotencyWindow"] = "2.00:00:00",
            ["Pipeline:Redis:MaxEventsPerTransaction"] = "100",
        });

        var options = services.GetRequiredService<IOptions<RedisStreamOptions>>().Value;

        Assert.Equal(5000, options.MaxLength);
        Assert.Equal(7, options.ReadCount);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.IdlePollDelay);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ClaimIdleTime);
        Assert.Equal(TimeSpan.FromSeconds(20), options.ClaimInterval);
        Assert.Equal("collector-0", options.ConsumerName);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryInitialDelay);
        Assert.Equal(TimeSpan.FromMinutes(2), options.RetryMaxDelay);
        Assert.Equal(TimeSpan.FromDays(2), options.IdempotencyWindow);
        Assert.Equal(100, options.MaxEventsPerTransaction);
    }

    [Theory]
    [InlineData("MaxLength", "0")]
    [InlineData("ReadCount", "0")]
    [InlineData("ReadCount", "10001")]
    [InlineData("IdlePollDelay", "00:00:00")]
    [InlineData("ClaimIdleTime", "00:00:00.010")]
    [InlineData("ClaimInterval", "02:00:00")]
    [InlineData("ConsumerName", "two words")]
    [InlineData("RetryInitialDelay", "-00:00:01")]
    [InlineData("RetryMaxDelay", "00:00:00.050")]
    [InlineData("IdempotencyWindow", "00:00:00")]
    [InlineData("MaxEventsPerTransaction", "0")]
    public async Task A_stream_setting_out_of_range_stops_the_start_naming_its_key(string key, string value)
    {
        using var host = BuildHost(new()
        {
            ["Pipeline:Transport"] = "Redis",
            ["Redis:Configuration"] = "localhost:1",
            ["Pipeline:Redis:" + key] = value,
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains($"Pipeline:Redis:{key} must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_transport_is_refused_naming_its_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Pipeline:Transport"] = "Carrier-Pigeon" }));

        Assert.Contains("Pipeline:Transport", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_redis_transport_without_a_redis_configuration_stops_the_start()
    {
        using var host = BuildHost(new() { ["Pipeline:Transport"] = "Redis" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("Redis:Configuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishers_the_host_registered_first_are_kept_and_a_second_call_changes_nothing()
    {
        var own = new StoreRequestPublisher(new InMemoryRequestStore());
        var configuration = Configuration(new() { ["Pipeline:Transport"] = "Redis", ["Redis:Configuration"] = "localhost:1" });
        var services = new ServiceCollection().AddLogging().AddSingleton<IRequestPublisher>(own);

        services.AddTollgatePipeline(configuration).AddTollgatePipeline(configuration);
        await using var provider = services.BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<IRequestPublisher>());
        Assert.Single(services, d => d.ServiceType == typeof(IAuditEventPublisher));
        Assert.Single(services, d => d.ServiceType == typeof(RedisConnection));
    }

    [Fact]
    public async Task The_collectors_run_once_each_however_often_they_are_added()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IRequestStore>(stores.Requests)
            .AddSingleton<IAuditEventStore>(stores.Audit);
        services.AddTollgatePipeline(Configuration(new() { ["Pipeline:Transport"] = "Redis", ["Redis:Configuration"] = "localhost:1" }));

        services.AddTollgateStreamCollectors().AddTollgateStreamCollectors();
        await using var provider = services.BuildServiceProvider();

        var hosted = provider.GetServices<IHostedService>().ToList();
        Assert.Single(hosted.OfType<RequestStreamCollector>());
        Assert.Single(hosted.OfType<AuditStreamCollector>());
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton<IRequestStore>(stores.Requests)
            .AddSingleton<IAuditEventStore>(stores.Audit)
            .AddTollgatePipeline(Configuration(settings))
            .BuildServiceProvider();

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddTollgatePipeline(builder.Configuration);
        return builder.Build();
    }
}
