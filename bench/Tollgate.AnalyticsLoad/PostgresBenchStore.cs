using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;
using Tollgate.ScaleOutLoad;

namespace Tollgate.AnalyticsLoad;

/// <summary>
/// PostgreSQL: a cluster of the run's own (<see cref="PostgresServer"/>, default durability) with one fresh database
/// per server, dropped after it. Rollups reach <c>request_rollups</c> through <c>request_rollup_deltas</c>, which a
/// compactor folds in; a load is settled once the deltas are empty. Sizes are <c>pg_database_size</c> after a
/// <c>CHECKPOINT</c> (the WAL is the cluster's, not the database's, and is left out).
/// </summary>
internal sealed class PostgresBenchStore : IBenchStore
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    // Every server of the run shares one master key, as the nodes of a deployment on one database must.
    private readonly string _masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly PostgresServer _server;

    private PostgresBenchStore(PostgresServer server)
    {
        _server = server;
    }

    public string Description => $"PostgreSQL {_server.Version} (defaults: fsync on, synchronous_commit on) on 127.0.0.1:{_server.Port}";

    /// <summary>Creates and starts a cluster in <paramref name="directory"/> (which must not exist).</summary>
    public static async Task<PostgresBenchStore> StartAsync(string directory, CancellationToken cancellationToken) =>
        new(await PostgresServer.StartNewAsync(directory, cancellationToken));

    public async Task<IReadOnlyDictionary<string, string>> CreateAsync(string name, string directory, CancellationToken cancellationToken) =>
        new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Tollgate"] = await _server.CreateDatabaseAsync(name, cancellationToken),
            ["Identity:MasterKey"] = _masterKey,
        };

    public async Task<double> SettleAsync(string name, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var polls = 0;
        long pending;
        do
        {
            pending = (long)(await _server.ScalarAsync(name, "SELECT count(*) FROM request_rollup_deltas", cancellationToken))!;
            if (pending == 0)
            {
                return polls == 0 ? 0 : Stopwatch.GetElapsedTime(started).TotalSeconds;
            }

            polls++;

            await Task.Delay(PollInterval, cancellationToken);
        }
        while (Stopwatch.GetElapsedTime(started) < limit);

        throw new TimeoutException($"{name}: {pending:N0} rollup deltas were still not compacted {limit.TotalSeconds:N0} s after the load.");
    }

    public async Task<DiskUsage> MeasureAsync(string name, string directory, CancellationToken cancellationToken)
    {
        await _server.ScalarAsync(name, "CHECKPOINT", cancellationToken);
        await using var connection = new NpgsqlConnection(_server.ConnectionString(name) + ";Pooling=false;Command Timeout=600");
        await connection.OpenAsync(cancellationToken);
        var bytes = (long)(await _server.ScalarAsync(name, "SELECT pg_database_size(current_database())", cancellationToken))!;

        // A partition counts towards its partitioned table; pg_total_relation_size includes indexes and TOAST.
        var tables = (await ReadAsync(
            connection,
            """
            SELECT coalesce(pg_partition_root(c.oid), c.oid)::regclass::text, sum(pg_total_relation_size(c.oid))::bigint
            FROM pg_class AS c
            WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
            GROUP BY 1 ORDER BY 2 DESC
            """,
            r => (r.GetString(0), r.GetInt64(1)),
            cancellationToken)).ToDictionary(row => row.Item1, row => row.Item2);
        var rollupRows = (await ReadAsync(connection, "SELECT width, count(*) FROM request_rollups GROUP BY width ORDER BY width", r => (r.GetInt32(0), r.GetInt64(1)), cancellationToken))
            .ToDictionary(row => DiskUsage.WidthName(row.Item1), row => row.Item2);
        return new DiskUsage(bytes, "pg_database_size after CHECKPOINT (WAL not included)", tables, rollupRows);
    }

    public Task DeleteAsync(string name, string directory, CancellationToken cancellationToken) =>
        _server.DropDatabaseAsync(name, cancellationToken);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
