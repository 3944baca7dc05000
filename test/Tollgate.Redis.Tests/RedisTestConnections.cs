using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tollgate.Testing.Services;

namespace Tollgate.Redis.Tests;

/// <summary>Connections to the test server, or to a port nothing listens on, each under a key prefix of its own.</summary>
internal static class RedisTestConnections
{
    public static RedisConnection ToTestServer() => Create(TestServices.RedisConfiguration);

    public static RedisConnection Create(string configuration, ILogger<RedisConnection>? logger = null) =>
        new(Options.Create(new RedisOptions { Configuration = configuration, KeyPrefix = $"test:{Guid.NewGuid():N}:" }),
            logger ?? NullLogger<RedisConnection>.Instance);

    /// <summary>A loopback port that was free a moment ago: bound, read and released.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
