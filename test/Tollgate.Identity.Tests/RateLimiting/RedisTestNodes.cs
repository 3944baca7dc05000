using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tollgate.Identity.RateLimiting;
using Tollgate.Redis;
using Tollgate.Testing.Services;

namespace Tollgate.Identity.Tests.RateLimiting;

/// <summary>
/// Stand-ins for the nodes of a deployment: each call opens a connection of its own (as a separate process would)
/// under a key prefix the test chooses, so tests share nothing with each other on the shared server.
/// </summary>
internal static class RedisTestNodes
{
    public static string NewPrefix() => $"test:{Guid.NewGuid():N}:";

    public static RedisConnection Connect(string prefix) => Connect(TestServices.RedisConfiguration, prefix);

    /// <summary>A connection to a loopback port nothing listens on: Redis is down.</summary>
    public static RedisConnection ConnectToNothing() => Connect($"127.0.0.1:{FreePort()},connectTimeout=1000", NewPrefix());

    public static RedisTokenBuckets Buckets(RedisConnection connection, ILogger<RedisTokenBuckets>? logger = null) =>
        new(connection, TimeProvider.System, logger ?? NullLogger<RedisTokenBuckets>.Instance, new TestMeterFactory());

    private static RedisConnection Connect(string configuration, string prefix) =>
        new(Options.Create(new RedisOptions { Configuration = configuration, KeyPrefix = prefix }), NullLogger<RedisConnection>.Instance);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
