using System.Diagnostics;
using System.Net.Sockets;

namespace Tollgate.Testing.Services;

/// <summary>
/// A Redis server of a test's own, on a free loopback port in a temporary directory, with AOF on (as Tollgate requires
/// in production), that the test can stop and start again on the same port and data. The program comes from
/// <c>TOLLGATE_TEST_REDIS_SERVER</c>, which <c>./scripts/test</c> sets, or <c>redis-server</c> on the path.
/// </summary>
public sealed class RedisInstance : IAsyncDisposable
{
    private readonly TempDirectory directory = new("redis-");
    private readonly string program;
    private Process? process;

    private RedisInstance(string program, int port)
    {
        this.program = program;
        Port = port;
    }

    /// <summary>The port the server listens on at 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for the server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts a new server.</summary>
    public static async Task<RedisInstance> StartNewAsync(CancellationToken cancellationToken)
    {
        var program = Environment.GetEnvironmentVariable("TOLLGATE_TEST_REDIS_SERVER") is { Length: > 0 } configured ? configured : "redis-server";
        var instance = new RedisInstance(program, LocalServerProcess.FreePort());
        await instance.StartAsync(cancellationToken);
        return instance;
    }

    /// <summary>Starts the server (again) on the same port; it reloads its AOF.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        process = LocalServerProcess.Start(
            program,
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory.Path,
             "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--logfile", directory.Combine("server.log")],
            asDatabaseUser: false,
            redirect: false);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>Stops the server (SIGTERM: it finishes its AOF write and exits).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (process is { HasExited: false } running)
        {
            await LocalServerProcess.RunAsync("kill", ["-TERM", running.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], asDatabaseUser: false, cancellationToken);
            await running.WaitForExitAsync(cancellationToken);
        }

        process?.Dispose();
        process = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill();
            await running.WaitForExitAsync();
        }

        process?.Dispose();
        await directory.DisposeAsync();
    }
}
