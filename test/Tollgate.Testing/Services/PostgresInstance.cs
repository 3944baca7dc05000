namespace Tollgate.Testing.Services;

/// <summary>
/// A PostgreSQL server of a test's own, on a free loopback port in a temporary directory, with the default durability
/// settings, that the test can stop and start again (the fault tests take the database away under load). The binaries
/// come from <c>TOLLGATE_TEST_POSTGRES_BIN</c>, which <c>./scripts/test</c> sets, or the newest
/// <c>/usr/lib/postgresql/*/bin</c>.
/// </summary>
public sealed class PostgresInstance : IAsyncDisposable
{
    private readonly TempDirectory directory;
    private readonly string binaries;
    private readonly string data;

    private PostgresInstance(TempDirectory directory, string binaries, int port)
    {
        this.directory = directory;
        this.binaries = binaries;
        data = directory.Combine("data");
        Port = port;
    }

    /// <summary>The port the server listens on at 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>An Npgsql connection string of the superuser <c>tollgate</c> to database <c>postgres</c>.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=tollgate;Database=postgres";

    /// <summary>Creates the cluster and starts the server.</summary>
    public static async Task<PostgresInstance> StartNewAsync(CancellationToken cancellationToken)
    {
        var binaries = FindBinaries();
        var directory = new TempDirectory("postgres-");
        var instance = new PostgresInstance(directory, binaries, LocalServerProcess.FreePort());
        if (LocalServerProcess.IsRoot)
        {
            await LocalServerProcess.RunAsync("chown", ["postgres:postgres", directory.Path], asDatabaseUser: false, cancellationToken);
        }

        await LocalServerProcess.RunAsync(
            Path.Combine(binaries, "initdb"),
            ["-D", instance.data, "-U", "tollgate", "--auth=trust", "-E", "UTF8", "--no-locale"],
            asDatabaseUser: true,
            cancellationToken);
        await instance.StartAsync(cancellationToken);
        return instance;
    }

    /// <summary>Starts the server (again) on the same port and data.</summary>
    public Task StartAsync(CancellationToken cancellationToken) =>
        LocalServerProcess.RunAsync(
            Path.Combine(binaries, "pg_ctl"),
            ["-D", data, "-l", directory.Combine("server.log"), "-w", "-t", "60", "start",
             "-o", $"-p {Port} -k {directory.Path} -c listen_addresses=127.0.0.1 -c max_connections=200"],
            asDatabaseUser: true,
            cancellationToken);

    /// <summary>Stops the server the way an outage would: at once, open connections cut.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        LocalServerProcess.RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asDatabaseUser: true, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            try
            {
                await StopAsync(CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Already gone: nothing left to stop.
            }
        }

        await directory.DisposeAsync();
    }

    private static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("TOLLGATE_TEST_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => bin, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "This test starts a PostgreSQL server of its own and found none: run ./scripts/test, which installs PostgreSQL 15, " +
            "or set TOLLGATE_TEST_POSTGRES_BIN to the directory holding initdb and pg_ctl.");
    }
}
