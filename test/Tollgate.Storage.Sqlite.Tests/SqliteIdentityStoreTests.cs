using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Core;
using Tollgate.Core.Audit;
using Tollgate.Core.Identity;
using Tollgate.Testing;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>What the identity store adds to the embedded store's file: its migration, wiring and sharing the file with the audit writer.</summary>
public sealed class SqliteIdentityStoreTests : IAsyncDisposable
{
    private readonly TempDirectory directory = new("sqlite-identity-");
    private readonly AuditEventFactory events = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => directory.DisposeAsync();

    [Fact]
    public async Task A_database_of_the_first_schema_upgrades_and_its_default_tenant_data_stays_readable()
    {
        var oldPath = directory.Combine("old.db");
        var written = await CreateFirstSchemaDatabaseAsync(oldPath, Tenants.Default, 3);
        Assert.Equal(0L, SqliteTestStore.Scalar(oldPath, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'tenants'"));
        var before = DateTimeOffset.UtcNow;

        await using var store = await SqliteTestStore.OpenAsync(oldPath);
        var after = DateTimeOffset.UtcNow;
        using var identity = OpenIdentity(oldPath);

        Assert.Equal("identity", SqliteTestStore.Scalar(oldPath, "SELECT name FROM schema_migrations WHERE version = 2"));
        var tenant = await identity.GetTenantAsync(Tenants.Default, Ct);
        Assert.NotNull(tenant);
        Assert.Equal("Default", tenant.Name);
        Assert.False(tenant.Disabled);
        Assert.InRange(tenant.CreatedAt, before.AddSeconds(-1), after.AddSeconds(1));
        foreach (var e in written)
        {
            Assert.Equal(e.Document.ToArray(), (await store.GetAsync(Tenants.Default, e.Id, Ct))?.Document.ToArray());
        }

        Assert.Equal(3, (await store.VerifyChainAsync(Tenants.Default, Ct)).Verified);
        var next = events.Event(Tenants.Default).Build();
        Assert.Equal(4, (await store.AppendAsync(Tenants.Default, [next], Ct))[0].Sequence);
        Assert.True((await store.VerifyChainAsync(Tenants.Default, Ct)).Ok);
    }

    [Fact]
    public async Task The_storage_registration_provides_the_identity_store_once_the_store_is_initialised()
    {
        var path = directory.Combine("data", "tollgate.db");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{SqliteStoreOptions.SectionName}:Path"] = path })
            .Build();
        await using var services = new ServiceCollection().AddLogging().AddTollgateSqliteStorage(configuration).BuildServiceProvider();

        // What a process without a host (the CLI) does: initialise the store, then use the identity store.
        await services.GetRequiredService<SqliteAuditEventStore>().InitializeAsync(Ct);
        var identity = services.GetRequiredService<IIdentityStore>();

        Assert.Same(services.GetRequiredService<SqliteIdentityStore>(), identity);
        Assert.NotNull(await identity.GetTenantAsync(Tenants.Default, Ct));
        var admin = new User(Guid.CreateVersion7(), Tenants.Default, "admin@example.com", Role.PlatformAdmin, "hash", false, DateTimeOffset.UnixEpoch, null);
        Assert.True(await identity.CreateUserAsync(admin, Ct));
        Assert.Equal(1, await identity.CountPlatformAdminsAsync(Ct));
    }

    [Fact]
    public async Task Identity_writes_wait_for_the_audit_writer_instead_of_failing()
    {
        var path = directory.Combine("tollgate.db");
        await using var store = await SqliteTestStore.OpenAsync(path);
        using var identity = OpenIdentity(path);
        var created = DateTimeOffset.UnixEpoch;

        var appends = Task.Run(
            async () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    await store.AppendAsync(Tenants.Default, events.Many(Tenants.Default, 200), Ct);
                }
            },
            Ct);
        var writes = Task.Run(
            async () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    Assert.True(await identity.CreateTenantAsync(new Tenant($"tenant-{i}", $"Tenant {i}", false, created), Ct));
                    Assert.NotNull(await identity.UpdateTenantAsync($"tenant-{i}", null, true, Ct));
                }
            },
            Ct);
        await Task.WhenAll(appends, writes);

        Assert.Equal(51, (await identity.ListTenantsAsync(Ct)).Count);
        Assert.Equal(10_000, await store.CountAsync(Tenants.Default, AuditEventFilter.All, Ct));
    }

    private static SqliteIdentityStore OpenIdentity(string path) => new(Options.Create(new SqliteStoreOptions { Path = path }));

    /// <summary>
    /// A database as a build that knew only migration 0001 left it: the schema from that script alone, holding
    /// <paramref name="count"/> events of <paramref name="tenantId"/> written by the real store.
    /// </summary>
    private async Task<IReadOnlyList<NewAuditEvent>> CreateFirstSchemaDatabaseAsync(string path, string tenantId, int count)
    {
        var sourcePath = directory.Combine("source.db");
        var batch = events.Many(tenantId, count);
        await using (var source = await SqliteTestStore.OpenAsync(sourcePath))
        {
            await source.AppendAsync(tenantId, batch, Ct);
        }

        using var connection = SqliteTestStore.OpenRaw(path);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
            {FirstMigration()}
            INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'audit_events', '2025-01-01T00:00:00.0000000+00:00');
            ATTACH DATABASE $source AS source;
            INSERT INTO audit_events SELECT * FROM source.audit_events;
            INSERT INTO audit_chain_checkpoints SELECT * FROM source.audit_chain_checkpoints;
            """;
        command.Parameters.AddWithValue("$source", sourcePath);
        command.ExecuteNonQuery();
        using var detach = connection.CreateCommand();
        detach.CommandText = "DETACH DATABASE source";
        detach.ExecuteNonQuery();
        Assert.Equal((long)count, SqliteTestStore.Scalar(path, "SELECT COUNT(*) FROM audit_events"));
        return batch;
    }

    private static string FirstMigration()
    {
        using var stream = typeof(SqliteAuditEventStore).Assembly.GetManifestResourceStream("Tollgate.Storage.Sqlite.Migrations.0001_audit_events.sql")
            ?? throw new InvalidOperationException("Migration 0001 is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
