using Microsoft.Data.Sqlite;

namespace Tollgate.AnalyticsLoad;

/// <summary>
/// The embedded store: each server's SQLite file in its own directory, with the server's defaults (WAL,
/// <c>synchronous=FULL</c>). Sizes are measured from a connection of this process after a <c>TRUNCATE</c> checkpoint,
/// which the server's idle connections do not block.
/// </summary>
internal sealed class SqliteBenchStore : IBenchStore
{
    private const string FileName = "tollgate.db";

    private SqliteBenchStore(string version)
    {
        Description = $"SQLite {version} (the server's defaults: WAL, synchronous=FULL)";
    }

    public string Description { get; }

    public static async Task<SqliteBenchStore> CreateAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return new SqliteBenchStore((string)(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    public Task<IReadOnlyDictionary<string, string>> CreateAsync(string name, string directory, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["Storage:Sqlite:Path"] = Path.Combine(directory, FileName) });

    public Task<double> SettleAsync(string name, TimeSpan limit, CancellationToken cancellationToken) =>
        Task.FromResult(0.0);

    public async Task<DiskUsage> MeasureAsync(string name, string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 300,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA busy_timeout = 60000", cancellationToken);
        var checkpoint = await ReadAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)", r => r.GetInt64(0), cancellationToken);
        if (checkpoint[0] != 0)
        {
            throw new InvalidOperationException($"{name}: the WAL checkpoint was blocked; the database size would include a WAL still to be merged.");
        }

        var wal = new FileInfo(path + "-wal");
        var bytes = new FileInfo(path).Length + (wal.Exists ? wal.Length : 0);
        var rollupRows = (await ReadAsync(connection, "SELECT width, count(*) FROM request_rollups GROUP BY width ORDER BY width", r => (r.GetInt64(0), r.GetInt64(1)), cancellationToken))
            .ToDictionary(row => DiskUsage.WidthName(row.Item1), row => row.Item2);

        // Per-table sizes would need the dbstat table, which the bundled SQLite leaves out.
        return new DiskUsage(bytes, "database file + WAL after PRAGMA wal_checkpoint(TRUNCATE)", new Dictionary<string, long>(), rollupRows);
    }

    public Task DeleteAsync(string name, string directory, CancellationToken cancellationToken)
    {
        foreach (var file in new[] { FileName, FileName + "-wal", FileName + "-shm" })
        {
            File.Delete(Path.Combine(directory, file));
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<T>> ReadAsync<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
