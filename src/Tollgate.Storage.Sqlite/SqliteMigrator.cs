using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// Applies the embedded <c>Migrations/NNNN_name.sql</c> scripts in order, each in its own transaction, and records
/// them in <c>schema_migrations</c>. Forward only: a database newer than this build is refused, never downgraded.
/// </summary>
internal static class SqliteMigrator
{
    private const string ResourcePrefix = "Tollgate.Storage.Sqlite.Migrations.";

    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = Load();

    public static async Task<int> ApplyAsync(SqliteConnection connection, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    INTEGER PRIMARY KEY,
                    name       TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                );
                """;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = 0;
        foreach (var (version, name, sql) in Migrations)
        {
            // BEGIN IMMEDIATE takes the write lock first, so two processes starting together apply each script once.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var current = await CurrentVersionAsync(connection, transaction, cancellationToken);
            if (current >= version)
            {
                continue;
            }

            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at)";
                record.Parameters.AddWithValue("$version", version);
                record.Parameters.AddWithValue("$name", name);
                record.Parameters.AddWithValue("$at", timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            applied++;
        }

        var final = await CurrentVersionAsync(connection, null, cancellationToken);
        var known = Migrations[^1].Version;
        if (final > known)
        {
            throw new InvalidOperationException(
                $"The database schema is at version {final}, newer than this build of Tollgate knows ({known}). " +
                "Run a Tollgate version at least as new as the one that last wrote this database.");
        }

        return applied;
    }

    private static async Task<long> CurrentVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static List<(int, string, string)> Load()
    {
        var assembly = typeof(SqliteMigrator).Assembly;
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
