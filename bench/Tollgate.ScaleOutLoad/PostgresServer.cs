using System.Globalization;
using Npgsql;

namespace Tollgate.ScaleOutLoad;

/// <summary>
/// A PostgreSQL server of the benchmark's own: a new cluster in our temp directory, on a free loopback port, with the
/// default settings (fsync on, synchronous_commit on, shared_buffers 128 MB) apart from where it listens and how
/// many connections it takes. Each measurement gets a fresh database, dropped after it. Stopped (fast) on dispose.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(120);

    private readonly string binaries;
    private readonly string directory;
    private readonly string data;
    private bool started;

    private PostgresServer(string binaries, string directory, int port)
    {
        this.binaries = binaries;
        this.directory = directory;
        data = Path.Combine(directory, "data");
        Port = port;
    }

    public int Port { get; }

    /// <summary>The PostgreSQL version, e.g. "15.14".</summary>
    public string Version { get; private set; } = "";

    /// <summary>The connection string of the superuser <c>tollgate</c> to <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=tollgate;Database={database};Pooling=true;Maximum Pool Size=20";

    /// <summary>Creates a cluster in <paramref name="directory"/> (which must not exist) and starts it.</summary>
    public static async Task<PostgresServer> StartNewAsync(string directory, CancellationToken cancellationToken)
    {
        var server = new PostgresServer(FindBinaries(), directory, ExternalProgram.FreeLoopbackPort());
        Directory.CreateDirectory(directory);
        try
        {
            if (ExternalProgram.IsRoot)
            {
                await ExternalProgram.RunAsync("chown", ["postgres:postgres", directory], asDatabaseUser: false, CommandLimit, cancellationToken);
            }

            await ExternalProgram.RunAsync(
                Path.Combine(server.binaries, "initdb"),
                ["-D", server.data, "-U", "tollgate", "--auth=trust", "-E", "UTF8", "--no-locale"],
                asDatabaseUser: true,
                CommandLimit,
                cancellationToken);
            server.started = true;
            await ExternalProgram.RunAsync(
                Path.Combine(server.binaries, "pg_ctl"),
                ["-D", server.data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start",
                 "-o", $"-p {server.Port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=200"],
                asDatabaseUser: true,
                CommandLimit,
                cancellationToken);
            server.Version = (string)(await server.ScalarAsync("postgres", "SHOW server_version", cancellationToken))!;
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database named <paramref name="name"/> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await ScalarAsync("postgres", $"CREATE DATABASE {name}", cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>Drops a database created by <see cref="CreateDatabaseAsync"/>, closing whatever is still connected.</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        NpgsqlConnection.ClearAllPools();
        await ScalarAsync("postgres", $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", cancellationToken);
    }

    /// <summary>Runs one statement against <paramref name="database"/> on a new connection and returns the first value.</summary>
    public async Task<object?> ScalarAsync(string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = (int)CommandLimit.TotalSeconds };
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (started && File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            // Fast first (clean shutdown); immediate when that fails, so the server never outlives the benchmark.
            foreach (var mode in new[] { "fast", "immediate" })
            {
                try
                {
                    await ExternalProgram.RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", data, "-m", mode, "-w", "stop"], asDatabaseUser: true, CommandLimit, CancellationToken.None);
                    return;
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
                {
                    await Console.Error.WriteLineAsync($"pg_ctl stop -m {mode} failed: {ex.Message}");
                }
            }
        }
    }

    // PostgreSQL 15 as the brief and CI use; the newest installed major version otherwise.
    private static string FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => Path.GetFileName(Path.GetDirectoryName(bin)) == "15")
                .ThenByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0)
                .ToArray()
            : [];
        return candidates.Length > 0
            ? candidates[0]
            : throw new InvalidOperationException("No PostgreSQL found under /usr/lib/postgresql/*/bin (initdb, pg_ctl). Install PostgreSQL 15 (./scripts/test does).");
    }
}
