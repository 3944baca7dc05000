using System.Data;
using System.Globalization;
using Npgsql;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Applies the embedded <c>Migrations/NNNN_name.sql</c> scripts in order, each in its own transaction, and records
/// them in <c>schema_migrations</c>. The whole run holds a session advisory lock, so when several nodes start at once
/// one migrates and the others wait, then find nothing left to do. Forward only: a database newer than this build is
/// refused, never downgraded.
/// </summary>
/// <remarks>Thread-safe; concurrent calls (in one process or many) apply each script exactly once.</remarks>
public static class PostgresMigrator
{
    /// <summary>
    /// The advisory lock key of a migration run (an arbitrary constant; advisory locks are per database, so it only
    /// has to differ from the other keys Tollgate uses on its own database).
    /// </summary>
    internal const long LockKey = 0x546F_6C6C_6D69_6772; // "Tollmigr"

    private const string ResourcePrefix = "Tollgate.Storage.Postgres.Migrations.";

    /// <summary>The embedded migrations, in version order.</summary>
    internal static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = Load();

    /// <summary>The schema version this build creates and expects.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Brings the database to <see cref="LatestVersion"/>; returns how many scripts this call applied.</summary>
    /// <exception cref="InvalidOperationException">The database was migrated by a newer Tollgate.</exception>
    public static async Task<int> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            // Created under the lock: concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog.
            await ExecuteAsync(
                connection,
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                cancellationToken);

            var current = await CurrentVersionAsync(connection, cancellationToken);
            if (current > LatestVersion)
            {
                throw new InvalidOperationException(
                    $"The database schema is at version {current}, newer than this build of Tollgate knows ({LatestVersion}). " +
                    "Run a Tollgate version at least as new as the one that last migrated this database.");
            }

            var applied = 0;
            foreach (var (version, name, sql) in Migrations)
            {
                if (version <= current)
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, sql, cancellationToken);
                await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection))
                {
                    record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
                    record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                applied++;
            }

            return applied;
        }
        finally
        {
            // Pooled connections keep their session, so the lock is released explicitly; a broken connection took its
            // session, and the lock, with it.
            if (connection.State == ConnectionState.Open)
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
    }

    private static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(int, string, string)> Load()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        var migrations = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var file = resource[ResourcePrefix.Length..^".sql".Length];
            var separator = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(file.AsSpan(0, separator), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add((version, file[(separator + 1)..], reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return migrations;
    }
}
