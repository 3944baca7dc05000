using Microsoft.Data.Sqlite;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// How every writer connection to the store's file is opened, so the audit and request writers share one set of
/// settings: WAL, the configured durability, and a busy timeout, because two writers take turns on one file and
/// SQLite's own handler retries within milliseconds of the other's commit where the driver's retry sleeps 150 ms.
/// </summary>
internal static class SqliteWriterConnection
{
    public static string ConnectionString(SqliteStoreOptions options, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(options.Path),
        Mode = mode,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public static async Task ApplyPragmasAsync(SqliteConnection connection, SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = {(options.Synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL")};
            PRAGMA temp_store = MEMORY;
            PRAGMA busy_timeout = 30000;
            PRAGMA cache_size = -65536;
            PRAGMA mmap_size = {options.MemoryMapBytes};
            PRAGMA wal_autocheckpoint = {options.WalAutoCheckpointPages};
            """;
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
    }
}
