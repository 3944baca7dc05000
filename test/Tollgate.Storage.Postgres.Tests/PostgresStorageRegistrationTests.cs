using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Tollgate.Core.Analytics;
using Tollgate.Core.Audit;
using Tollgate.Core.Identity;
using Tollgate.Core.Requests;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>
/// <c>AddTollgatePostgresStorage</c>: where the connection string comes from, the start-up errors for a missing or bad
/// one, and a host that migrates and partitions the database before it serves.
/// </summary>
public sealed class PostgresStorageRegistrationTests
{
    private const string Explicit = "Host=explicit-host;Database=explicit";
    private const string FromOptions = "Host=options-host;Database=options";
    private const string Url = "postgres://url-user:url-password@url-host:5433/url-db";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ConnectionStrings_Tollgate_wins_over_DATABASE_URL_and_the_option()
    {
        var options = Resolve(("ConnectionStrings:Tollgate", Explicit), ("DATABASE_URL", Url), ("Storage:Postgres:ConnectionString", FromOptions));

        Assert.Equal(Explicit, options.ConnectionString);
    }

    [Fact]
    public void DATABASE_URL_wins_over_the_option_and_is_converted()
    {
        var options = Resolve(("DATABASE_URL", Url), ("Storage:Postgres:ConnectionString", FromOptions));

        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        Assert.Equal("url-host", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("url-user", builder.Username);
        Assert.Equal("url-password", builder.Password);
        Assert.Equal("url-db", builder.Database);
    }

    [Fact]
    public void The_option_is_used_when_nothing_else_is_set()
    {
        Assert.Equal(FromOptions, Resolve(("Storage:Postgres:ConnectionString", FromOptions)).ConnectionString);
    }

    [Fact]
    public void Without_a_connection_string_start_up_fails_naming_the_three_places()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve());

        Assert.Contains("ConnectionStrings:Tollgate", failure.Message, StringComparison.Ordinal);
        Assert.Contains("DATABASE_URL", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Postgres:ConnectionString", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_DATABASE_URL_fails_start_up_naming_it_but_not_its_password()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(("DATABASE_URL", "postgres://u:hunter2@db:port/x")));

        Assert.Contains("DATABASE_URL", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_fails_start_up_naming_its_key_but_not_its_value()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(("ConnectionStrings:Tollgate", "Host=h;Password=hunter2;Frobnicate=yes")));

        Assert.Contains("ConnectionStrings:Tollgate", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Storage:Postgres:RequestRetentionDays", "-1")]
    [InlineData("Storage:Postgres:RequestPartitionDaysAhead", "0")]
    [InlineData("Storage:Postgres:AuditPartitionWeeksAhead", "0")]
    [InlineData("Storage:Postgres:MaintenanceInterval", "00:00:01")]
    [InlineData("Storage:Postgres:RetentionChunkSize", "0")]
    [InlineData("Storage:Postgres:RollupCompactionInterval", "00:00:00.050")]
    [InlineData("Storage:Postgres:RollupCompactionInterval", "00:01:01")]
    public void Out_of_range_settings_fail_start_up_naming_the_key(string key, string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(("Storage:Postgres:ConnectionString", FromOptions), (key, value)));

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Analytics:MinuteRetentionDays", "0")]
    [InlineData("Analytics:HourRetentionDays", "0")]
    public void Out_of_range_analytics_settings_fail_start_up_naming_the_key(string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Storage:Postgres:ConnectionString", FromOptions), new(key, value)])
            .Build();
        using var provider = new ServiceCollection().AddTollgatePostgresStorage(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RollupOptions>>().Value);

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_migrates_and_partitions_the_database_before_it_serves_and_registers_every_store()
    {
        await using var database = await PostgresTestDatabase.CreateEmptyAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:Tollgate", database.ConnectionString)]);
        builder.Services.AddTollgatePostgresStorage(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(Ct);
        try
        {
            Assert.Equal(PostgresMigrator.LatestVersion, await database.ScalarAsync<int>("SELECT MAX(version) FROM schema_migrations"));
            Assert.True(await database.ScalarAsync<long>("SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'audit_events'::regclass") > 1);
            Assert.True(await database.ScalarAsync<long>("SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'requests'::regclass") > 1);
            Assert.IsType<PostgresAuditEventStore>(host.Services.GetRequiredService<IAuditEventStore>());
            Assert.IsType<PostgresIdentityStore>(host.Services.GetRequiredService<IIdentityStore>());
            Assert.IsType<PostgresRequestStore>(host.Services.GetRequiredService<IRequestStore>());
            Assert.Same(host.Services.GetRequiredService<IRequestStore>(), host.Services.GetRequiredService<IRequestRollupStore>());
            Assert.Single(host.Services.GetServices<IHostedService>().OfType<PostgresRollupCompactor>());
            Assert.True(await database.ScalarAsync<bool>("SELECT to_regclass('request_rollup_deltas') IS NOT NULL"));
            Assert.True(await host.Services.GetRequiredService<IAuditEventStore>().IsReadyAsync(Ct));
        }
        finally
        {
            await host.StopAsync(Ct);
        }
    }

    private static PostgresStoreOptions Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection().AddTollgatePostgresStorage(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<PostgresStoreOptions>>().Value;
    }
}
