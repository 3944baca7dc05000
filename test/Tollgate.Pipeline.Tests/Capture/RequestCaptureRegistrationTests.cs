using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tollgate.Core.Requests;
using Tollgate.Pipeline.Capture;
using Tollgate.Testing;

namespace Tollgate.Pipeline.Tests.Capture;

public sealed class RequestCaptureRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Without_configuration_the_documented_defaults_apply()
    {
        using var services = Build([]);

        var options = services.GetRequiredService<IOptions<CaptureQueueOptions>>().Value;

        Assert.Equal(10_000, options.Capacity);
        Assert.Equal(CaptureQueueFullMode.Drop, options.FullMode);
        Assert.Equal(500, options.BatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.FlushInterval);
        Assert.Equal(5, options.MaxWriteAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.RetryDelay);
    }

    [Fact]
    public void Settings_are_read_from_pipeline_capture()
    {
        using var services = Build(new()
        {
            ["Pipeline:Capture:Capacity"] = "64",
            ["Pipeline:Capture:FullMode"] = "Block",
            ["Pipeline:Capture:BatchSize"] = "16",
            ["Pipeline:Capture:FlushInterval"] = "00:00:00.050",
            ["Pipeline:Capture:MaxWriteAttempts"] = "2",
            ["Pipeline:Capture:RetryDelay"] = "00:00:01",
        });

        var statistics = services.GetRequiredService<RequestCaptureQueue>().GetStatistics();
        var options = services.GetRequiredService<IOptions<CaptureQueueOptions>>().Value;

        Assert.Equal(64, statistics.Capacity);
        Assert.Equal(CaptureQueueFullMode.Block, options.FullMode);
        Assert.Equal(16, options.BatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.FlushInterval);
        Assert.Equal(2, options.MaxWriteAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryDelay);
    }

    [Theory]
    [InlineData("Capacity", "0")]
    [InlineData("Capacity", "1000001")]
    [InlineData("FullMode", "7")]
    [InlineData("BatchSize", "0")]
    [InlineData("BatchSize", "100001")]
    [InlineData("FlushInterval", "00:00:00")]
    [InlineData("FlushInterval", "00:02:00")]
    [InlineData("MaxWriteAttempts", "0")]
    [InlineData("MaxWriteAttempts", "101")]
    [InlineData("RetryDelay", "-00:00:01")]
    public async Task A_setting_out_of_range_stops_the_start_naming_its_key(string key, string value)
    {
        using var host = BuildHost(new() { ["Pipeline:Capture:" + key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains($"Pipeline:Capture:{key} must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_full_mode_stops_the_start_naming_its_key()
    {
        using var host = BuildHost(new() { ["Pipeline:Capture:FullMode"] = "Sideways" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(Ct));

        Assert.Contains("Pipeline:Capture:FullMode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_queue_is_the_sink_and_the_writer_runs_once_however_often_it_is_added()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IRequestStore, InMemoryRequestStore>();
        services.AddTollgateRequestCapture(configuration).AddTollgateRequestCapture(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<RequestCaptureQueue>(), provider.GetRequiredService<IRequestCaptureSink>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<RequestCaptureWriter>());
    }

    [Fact]
    public void A_sink_the_host_registered_first_is_kept()
    {
        var own = new RecordingSink();
        var services = new ServiceCollection().AddLogging().AddSingleton<IRequestStore, InMemoryRequestStore>().AddSingleton<IRequestCaptureSink>(own);

        services.AddTollgateRequestCapture(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<IRequestCaptureSink>());
    }

    [Fact]
    public async Task A_host_writes_what_was_captured_by_the_time_it_has_stopped()
    {
        var store = new InMemoryRequestStore();
        using var host = BuildHost(new() { ["Pipeline:Capture:FlushInterval"] = "00:01:00" }, store);
        await host.StartAsync(Ct);
        var sink = host.Services.GetRequiredService<IRequestCaptureSink>();
        var records = new RequestRecordFactory().Many("tenant-a", 42);

        foreach (var record in records)
        {
            await sink.CaptureAsync(record, Ct);
        }

        await host.StopAsync(Ct);

        Assert.Equal(records.Select(r => r.Id).Order(), store.Stored.Select(r => r.Id).Order());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton<IRequestStore, InMemoryRequestStore>()
            .AddTollgateRequestCapture(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    private static IHost BuildHost(Dictionary<string, string?> settings, InMemoryRequestStore? store = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IRequestStore>(store ?? new InMemoryRequestStore());
        builder.Services.AddTollgateRequestCapture(builder.Configuration);
        return builder.Build();
    }

    private sealed class RecordingSink : IRequestCaptureSink
    {
        public ValueTask CaptureAsync(RequestRecord record, CancellationToken cancellationToken) => default;
    }
}
