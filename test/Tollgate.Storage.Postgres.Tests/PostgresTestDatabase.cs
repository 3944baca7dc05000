using Npgsql;
using Tollgate.Testing.Services;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>
/// A throw-away database on the test server (<see cref="TestServices.PostgresConnectionString"/>), uniquely named so
/// tests run in parallel with each other and with other suites on the same server; disposing drops it.
/// </summary>
/// <remarks>
/// Migrated databases are copies of one template that this process migrates once, so every test starts from exactly
/// the schema the migrations make. The template is dropped when the process exits.
/// </remarks>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? template;

    private PostgresTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>A connection string to the database, as the test server's user.</summary>
    public string ConnectionString { get; }

    /// <summary>A data source on the database; disposed with it.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates a fresh database with every migration applied and nothing else in it.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var source = await MigratedTemplateAsync();
        var name = NewName();

        // A copy needs the template to have no sessions: it is published only after its migration, whose unpooled
        // connections are closed by then, and nothing connects to it afterwards, so copies may run in parallel.
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{source}\"");
        return new PostgresTestDatabase(name, ConnectionStringFor(name));
    }

    /// <summary>Creates a fresh, empty database that no migration has touched.</summary>
    public static async Task<PostgresTestDatabase> CreateEmptyAsync()
    {
        var name = NewName();
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
        return new PostgresTestDatabase(name, ConnectionStringFor(name));
    }

    /// <summary>Another data source on the same database, as a second node would have; the caller disposes it.</summary>
    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    /// <summary>Runs one statement and returns the rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Runs one query and returns its first value.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>Closes the data source and drops the database, ending any session still on it.</summary>
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private static async Task<string> MigratedTemplateAsync()
    {
        if (Volatile.Read(ref template) is { } ready)
        {
            return ready;
        }

        await TemplateLock.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (template is { } created)
            {
                return created;
            }

            var name = "tgtpl_" + Guid.NewGuid().ToString("N");
            await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropTemplate(name);

            // Unpooled, so no idle session stays on the template and blocks the copies.
            var builder = new NpgsqlConnectionStringBuilder(ConnectionStringFor(name)) { Pooling = false };
            await using (var dataSource = NpgsqlDataSource.Create(builder.ConnectionString))
            {
                await PostgresMigrator.ApplyAsync(dataSource, TestContext.Current.CancellationToken);
            }

            Volatile.Write(ref template, name);
            return name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static void DropTemplate(string name)
    {
        try
        {
            using var connection = new NpgsqlConnection(TestServices.PostgresConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The server went first (CI stops it with the run); there is nothing left to drop.
        }
    }

    private static async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestServices.PostgresConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static string NewName() => "tgtest_" + Guid.NewGuid().ToString("N");

    private static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(TestServices.PostgresConnectionString) { Database = database }.ConnectionString;
}
