using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Tollgate.Testing.Logging;
using Tollgate.Testing.Services;

namespace Tollgate.Redis.Tests;

public sealed class RedisConnectionTests
{
    [Fact]
    public async Task Keys_are_named_under_the_configured_prefix()
    {
        await using var connection = RedisTestConnections.ToTestServer();
        var key = connection.Key("rl:ingest");

        await connection.Database.StringSetAsync(key, "1", TimeSpan.FromMinutes(1));

        Assert.EndsWith(":rl:ingest", key.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("test:", key.ToString(), StringComparison.Ordinal);
        Assert.Equal("1", await connection.Database.StringGetAsync(key));
    }

    [Fact]
    public async Task Health_check_is_healthy_when_redis_answers()
    {
        await using var connection = RedisTestConnections.ToTestServer();

        var result = await CheckAsync(connection, TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task Health_check_reports_unhealthy_without_throwing_when_redis_is_down()
    {
        await using var connection = RedisTestConnections.Create($"127.0.0.1:{RedisTestConnections.FreePort()}");

        var result = await CheckAsync(connection, TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("Redis", result.Description, StringComparison.Ordinal);
        Assert.Null(result.Exception);
    }

    [Fact]
    public async Task Connection_opens_while_redis_is_down_and_recovers_when_it_returns()
    {
        var port = RedisTestConnections.FreePort();
        await using var connection = RedisTestConnections.Create($"127.0.0.1:{port},connectTimeout=1000");
        var check = new RedisHealthCheck(connection);
        var cancellation = TestContext.Current.CancellationToken;

        Assert.False(connection.Multiplexer.IsConnected);
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(Context(check, HealthStatus.Unhealthy), cancellation)).Status);

        var target = ConfigurationOptions.Parse(TestServices.RedisConfiguration).EndPoints[0];
        await using var redisComesBack = new TcpForwarder(port, target);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HealthCheckResult result;
        do
        {
            await Task.Delay(200, cancellation);
            result = await check.CheckHealthAsync(Context(check, HealthStatus.Unhealthy), cancellation);
        }
        while (result.Status != HealthStatus.Healthy && DateTime.UtcNow < deadline);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task Password_is_never_logged_or_reported()
    {
        const string password = "pw-that-must-not-leak-7f3a";
        var logger = new ListLogger<RedisConnection>();
        await using var connection = RedisTestConnections.Create($"127.0.0.1:{RedisTestConnections.FreePort()},password={password},connectTimeout=1000", logger);

        var result = await CheckAsync(connection, TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.NotEmpty(logger.Messages);
        Assert.DoesNotContain(logger.Messages, m => m.Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(password, result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposed_connection_refuses_further_use()
    {
        var connection = RedisTestConnections.ToTestServer();
        _ = connection.Database;

        await connection.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => connection.Multiplexer);
    }

    [Fact]
    public async Task Health_check_reports_the_registered_failure_status()
    {
        await using var connection = RedisTestConnections.Create($"127.0.0.1:{RedisTestConnections.FreePort()}");
        var check = new RedisHealthCheck(connection);

        var result = await check.CheckHealthAsync(Context(check, HealthStatus.Degraded), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Degraded, result.Status);
    }

    private static Task<HealthCheckResult> CheckAsync(RedisConnection connection, CancellationToken cancellationToken)
    {
        var check = new RedisHealthCheck(connection);
        return check.CheckHealthAsync(Context(check, HealthStatus.Unhealthy), cancellationToken);
    }

    private static HealthCheckContext Context(IHealthCheck check, HealthStatus failureStatus) =>
        new() { Registration = new HealthCheckRegistration("redis", check, failureStatus, tags: null) };
}
