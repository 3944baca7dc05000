using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Testing;

namespace Tollgate.Storage.Sqlite.Tests;

public sealed class SqliteMigrationTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);
    private readonly TempDirectory directory = new("sqlite-migrations-");

    private string DatabasePath => directory.Combine("nested", "deeper", "tollgate.db");

    public ValueTask DisposeAsync() => directory.DisposeAsync();

    [Fact]
    public async Task A_fresh_database_is_created_with_its_directory_in_wal_mode()
    {
        await using (await SqliteTestStore.OpenAsync(DatabasePath))
        {
            Assert.True(File.Exists(DatabasePath));
            Assert.Equal("wal", SqliteTestStore.Scalar(DatabasePath, "PRAGMA journal_mode") as string, ignoreCase: true);
        }
    }

    [Fact]
    public async Task A_fresh_database_records_every_migration_it_applied()
    {
        await using (await SqliteTestStore.OpenAsync(DatabasePath, new FakeTimeProvider(Now)))
        {
            var rows = Migrations();

            Assert.NotEmpty(rows);
            Assert.Equal(Enumerable.Range(1, rows.Count).Select(v => (long)v), rows.Select(r => r.Version));
            Assert.Equal("audit_events", rows[0].Name);
            Assert.All(rows, r => Assert.Equal(Now, DateTimeOffset.Parse(r.AppliedAt, CultureInfo.InvariantCulture)));
            Assert.Equal(3L, SqliteTestStore.Scalar(
                DatabasePath,
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('audit_events', 'audit_chain_checkpoints', 'schema_migrations')"));
        }
    }

    [Fact]
    public async Task Reopening_applies_nothing_twice()
    {
        await using (await SqliteTestStore.OpenAsync(DatabasePath, new FakeTimeProvider(Now)))
        {
        }

        var before = Migrations();
        await using (await SqliteTestStore.OpenAsync(DatabasePath, new FakeTimeProvider(Now.AddDays(1))))
        {
        }

        await using (await SqliteTestStore.OpenAsync(DatabasePath, new FakeTimeProvider(Now.AddDays(2))))
        {
            Assert.Equal(before, Migrations());
        }
    }

    [Fact]
    public async Task A_database_from_a_newer_version_is_refused_with_a_clear_message()
    {
        await using (await SqliteTestStore.OpenAsync(DatabasePath))
        {
        }

        SqliteTestStore.Execute(DatabasePath, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from_the_future', '2030-01-01T00:00:00Z')");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteTestStore.OpenAsync(DatabasePath));

        Assert.Contains("9999", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.Equal(2L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM schema_migrations WHERE version IN (1, 9999)"));
    }

    private List<(long Version, string Name, string AppliedAt)> Migrations()
    {
        using var connection = SqliteTestStore.OpenRaw(DatabasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name, applied_at FROM schema_migrations ORDER BY version";
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }
}
