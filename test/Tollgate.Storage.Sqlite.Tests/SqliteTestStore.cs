using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>Opens stores and raw connections on test database files.</summary>
internal static class SqliteTestStore
{
    /// <summary>Creates and initialises a store on <paramref name="path"/>.</summary>
    public static async Task<SqliteAuditEventStore> OpenAsync(string path, TimeProvider? timeProvider = null, Action<SqliteStoreOptions>? configure = null)
    {
        var options = new SqliteStoreOptions { Path = path };
        configure?.Invoke(options);
        var store = new SqliteAuditEventStore(Options.Create(options), timeProvider ?? TimeProvider.System, NullLogger<SqliteAuditEventStore>.Instance);
        try
        {
            await store.InitializeAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }

        return store;
    }

    /// <summary>A direct, unpooled connection to the file, as someone tampering with it would open one.</summary>
    public static SqliteConnection OpenRaw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Runs one statement on a direct connection and returns the rows it changed.</summary>
    public static int Execute(string path, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenRaw(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    /// <summary>Runs one query on a direct connection and returns its first value.</summary>
    public static object? Scalar(string path, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenRaw(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteScalar();
    }
}
