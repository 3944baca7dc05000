using Npgsql;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>The migrator against a real server: ordering, records, concurrency across nodes, refusal of newer schemas.</summary>
public sealed class PostgresMigratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_migrators_on_a_fresh_database_apply_each_migration_exactly_once()
    {
        await using var database = await PostgresTestDatabase.CreateEmptyAsync();
        var nodes = Enumerable.Range(0, 6).Select(_ => database.CreateDataSource()).ToArray();
        try
        {
            var applied = await Task.WhenAll(nodes.Select(node => Task.Run(() => PostgresMigrator.ApplyAsync(node, Ct), Ct)));

            Assert.Equal(PostgresMigrator.Migrations.Count, applied.Sum());
            Assert.Equal(PostgresMigrator.Migrations.Count, await database.ScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
            Assert.Equal(
                PostgresMigrator.Migrations.Select(m => m.Version),
                await ReadVersionsAsync(database));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_second_run_applies_nothing()
    {
        await using var database = await PostgresTestDatabase.CreateEmptyAsync();

        var first = await PostgresMigrator.ApplyAsync(database.DataSource, Ct);
        var second = await PostgresMigrator.ApplyAsync(database.DataSource, Ct);

        Assert.Equal(PostgresMigrator.Migrations.Count, first);
        Assert.Equal(0, second);
        Assert.Equal(PostgresMigrator.LatestVersion, await database.ScalarAsync<int>("SELECT MAX(version) FROM schema_migrations"));
    }

    [Fact]
    public async Task Migrations_carry_on_from_the_recorded_version()
    {
        await using var database = await PostgresTestDatabase.CreateEmptyAsync();
        var first = PostgresMigrator.Migrations[0];
        await database.ExecuteAsync(first.Sql);
        await database.ExecuteAsync("CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        await database.ExecuteAsync("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", first.Version, first.Name);

        var applied = await PostgresMigrator.ApplyAsync(database.DataSource, Ct);

        Assert.Equal(PostgresMigrator.Migrations.Count - 1, applied);
        Assert.Equal(PostgresMigrator.Migrations.Select(m => m.Version), await ReadVersionsAsync(database));
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await database.ExecuteAsync("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from_the_future')", PostgresMigrator.LatestVersion + 1);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresMigrator.ApplyAsync(database.DataSource, Ct));

        Assert.Contains("newer than this build", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_migration_lock_is_released_after_a_run_and_after_a_failure()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await PostgresMigrator.ApplyAsync(database.DataSource, Ct);
        await database.ExecuteAsync("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from_the_future')", PostgresMigrator.LatestVersion + 1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresMigrator.ApplyAsync(database.DataSource, Ct));

        await using var other = database.CreateDataSource();
        await using var connection = await other.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({PostgresMigrator.LockKey})", connection);

        Assert.True((bool)(await command.ExecuteScalarAsync(Ct))!);
    }

    private static async Task<List<int>> ReadVersionsAsync(PostgresTestDatabase database)
    {
        var versions = new List<int>();
        await using var command = database.DataSource.CreateCommand("SELECT version FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }
}
