using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Redis;
using Tollgate.Testing.Services;

namespace Tollgate.Pipeline.Tests.Streams;

/// <summary>
/// A <see cref="RedisConnection"/> to the test server under a key prefix of its own, so tests run in parallel with
/// each other and with other suites on the same server. Disposing deletes every key under the prefix (and nothing
/// else).
/// </summary>
internal sealed class RedisTestConnection : IAsyncDisposable
{
    public RedisTestConnection(string? configuration = null)
    {
        Prefix = $"tollgate-test:{Guid.NewGuid():N}:";
        Options = new RedisOptions { Configuration = configuration ?? TestServices.RedisConfiguration, KeyPrefix = Prefix };
        Connection = new RedisConnection(Microsoft.Extensions.Options.Options.Create(Options), NullLogger<RedisConnection>.Instance);
    }

    public string Prefix { get; }

    public RedisOptions Options { get; }

    public RedisConnection Connection { get; }

    public IDatabase Database => Connection.Database;

    /// <summary>A connection string to a port nothing listens on, failing fast.</summary>
    public static string ClosedPortConfiguration()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port},connectTimeout=500,syncTimeout=1000,asyncTimeout=1000,connectRetry=0";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var multiplexer = Connection.Multiplexer;
            if (multiplexer.IsConnected)
            {
                foreach (var endpoint in multiplexer.GetEndPoints())
                {
                    var server = multiplexer.GetServer(endpoint);
                    await foreach (var key in server.KeysAsync(pattern: Prefix + "*"))
                    {
                        await Database.KeyDeleteAsync(key);
                    }
                }
            }
        }
        finally
        {
            await Connection.DisposeAsync();
        }
    }
}
