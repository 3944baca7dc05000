using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Tollgate.ScaleOutLoad;

/// <summary>
/// A Redis server of the benchmark's own, as Tollgate runs it in production: AOF on, fsync every second, no RDB
/// snapshots; on a free loopback port with its files in our temp directory. It is ours alone, so a measurement may
/// empty it (<c>FLUSHALL</c>) before it starts. Killed on dispose.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private ConnectionMultiplexer? connection;

    private RedisServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string the nodes get.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>The Redis version, e.g. "7.0.15".</summary>
    public string Version { get; private set; } = "";

    /// <summary>The benchmark's own connection, with admin commands allowed (INFO, FLUSHALL, SCAN).</summary>
    public IServer Server => connection!.GetServer(Configuration);

    public IDatabase Database => connection!.GetDatabase();

    public static async Task<RedisServer> StartNewAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var port = ExternalProgram.FreeLoopbackPort();
        var process = ExternalProgram.Start(
            "redis-server",
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory,
             "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--logfile", Path.Combine(directory, "server.log")],
            asDatabaseUser: false,
            redirect: false);
        var server = new RedisServer(process, port);
        try
        {
            await server.WaitUntilListeningAsync(cancellationToken);
            server.connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
            {
                EndPoints = { server.Configuration },
                AllowAdmin = true,
                AbortOnConnectFail = true,
            });
            server.Version = server.Server.Version.ToString();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Empties the server: the streams and consumer groups of the previous measurement go.</summary>
    public Task FlushAsync() => Server.FlushAllDatabasesAsync();

    /// <summary>A field of <c>INFO memory</c>, in bytes.</summary>
    public async Task<long> MemoryAsync(string field)
    {
        var info = await Server.InfoAsync("memory");
        var value = info.SelectMany(group => group).FirstOrDefault(pair => pair.Key == field).Value
            ?? throw new InvalidOperationException($"INFO memory has no {field}.");
        return long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Every stream key and its XLEN.</summary>
    public async Task<IReadOnlyDictionary<string, long>> StreamLengthsAsync()
    {
        var lengths = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await foreach (var key in Server.KeysAsync(pattern: "*", pageSize: 1_000))
        {
            if (await Database.KeyTypeAsync(key) == RedisType.Stream)
            {
                lengths[key.ToString()] = await Database.StreamLengthAsync(key);
            }
        }

        return lengths;
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (TimeoutException)
        {
            // Killed but not yet reaped; nothing more to do from here.
        }
        finally
        {
            process.Dispose();
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(StartLimit.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
                return;
            }
            catch (SocketException) when (Stopwatch.GetTimestamp() < deadline && !process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}
