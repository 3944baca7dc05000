using System.Security.Cryptography;
using Npgsql;
using Tollgate.Core.Identity;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>What the PostgreSQL identity store does beyond the contract: several nodes on one database, and input PostgreSQL text cannot hold.</summary>
public sealed class PostgresIdentityStoreTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(10);
    private PostgresTestDatabase? database;
    private PostgresIdentityStore? store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PostgresTestDatabase Database => database!;

    private PostgresIdentityStore Store => store!;

    public async ValueTask InitializeAsync()
    {
        database = await PostgresTestDatabase.CreateAsync();
        store = new PostgresIdentityStore(database.DataSource);
        Assert.True(await store.CreateTenantAsync(new Tenant(Tenant, "Tenant A", false, Start), Ct));
    }

    public async ValueTask DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Concurrent_rotations_from_several_nodes_have_exactly_one_winner()
    {
        const int Nodes = 4;
        var user = await CreateUserAsync("ada@example.com");
        var current = Token(user, Guid.CreateVersion7());
        await Store.CreateRefreshTokenAsync(current, Ct);
        var dataSources = Enumerable.Range(0, Nodes).Select(_ => Database.CreateDataSource()).ToArray();
        try
        {
            var replacements = dataSources.Select(_ => Token(user, current.FamilyId)).ToArray();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var rotations = Enumerable.Range(0, Nodes)
                .Select(i => Task.Run(
                    async () =>
                    {
                        await start.Task;
                        return await new PostgresIdentityStore(dataSources[i]).RotateRefreshTokenAsync(current.Id, replacements[i], Start.AddHours(1), Ct);
                    },
                    Ct))
                .ToArray();

            start.SetResult();
            var results = await Task.WhenAll(rotations);

            var winner = Assert.Single(Enumerable.Range(0, Nodes), i => results[i]);
            Assert.Equal(2L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM refresh_tokens"));
            Assert.NotNull(await Store.FindRefreshTokenByHashAsync(replacements[winner].Hash, Ct));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Overlapping_key_use_batches_from_several_nodes_all_commit_and_keep_the_latest_time()
    {
        const int Nodes = 4;
        const int Rounds = 20;
        var keys = new List<ApiKey>();
        for (var i = 0; i < 8; i++)
        {
            var key = Key($"key-{i}");
            await Store.CreateApiKeyAsync(key, Ct);
            keys.Add(key);
        }

        var dataSources = Enumerable.Range(0, Nodes).Select(_ => Database.CreateDataSource()).ToArray();
        try
        {
            // Each node lists the keys in its own order; the store locks them in id order, so no two flushes deadlock.
            var flushes = Enumerable.Range(0, Nodes).Select(node => Task.Run(
                async () =>
                {
                    var nodeStore = new PostgresIdentityStore(dataSources[node]);
                    var order = node % 2 == 0 ? keys : Enumerable.Reverse(keys).ToList();
                    for (var round = 0; round < Rounds; round++)
                    {
                        var at = Start.AddSeconds((round * Nodes) + node);
                        await nodeStore.RecordApiKeyUseAsync(order.Select(k => new KeyValuePair<Guid, DateTimeOffset>(k.Id, at)).ToList(), Ct);
                    }
                },
                Ct));

            await Task.WhenAll(flushes);

            var latest = Start.AddSeconds(((Rounds - 1) * Nodes) + Nodes - 1);
            foreach (var key in keys)
            {
                Assert.Equal(latest, (await Store.FindApiKeyByIdAsync(key.Id, Ct))?.LastUsedAt);
            }
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Lookups_with_text_postgres_cannot_hold_find_nothing_instead_of_failing()
    {
        await CreateUserAsync("ada@example.com");

        Assert.Null(await Store.FindUserByEmailAsync("ada\0@example.com", Ct));
        Assert.Null(await Store.FindUserByEmailAsync("\uD800@example.com", Ct));
        Assert.Null(await Store.GetTenantAsync("tenant\0a", Ct));
        Assert.Empty(await Store.ListUsersAsync("tenant-a\0", Ct));
        Assert.Null(await Store.UpdateTenantAsync("tenant\0a", "x", null, Ct));
    }

    [Fact]
    public async Task The_identity_tables_refuse_what_the_model_never_writes()
    {
        var user = await CreateUserAsync("ada@example.com");
        var key = Key("ci");
        await Store.CreateApiKeyAsync(key, Ct);

        await Assert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync("UPDATE users SET role = 'root' WHERE id = $1", user.Id));
        await Assert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync("UPDATE api_keys SET signing = 'sometimes' WHERE id = $1", key.Id));
        await Assert.ThrowsAsync<PostgresException>(() => Store.CreateUserAsync(
            new User(Guid.CreateVersion7(), "no-such-tenant", "bob@example.com", Role.Reader, "hash", false, Start, null), Ct));
    }

    private async Task<User> CreateUserAsync(string email)
    {
        var user = new User(Guid.CreateVersion7(), Tenant, email, Role.Reader, "pbkdf2-sha512$210000$c2FsdA==$aGFzaA==", false, Start, null);
        Assert.True(await Store.CreateUserAsync(user, Ct));
        return user;
    }

    private static RefreshToken Token(User user, Guid familyId) =>
        new(Guid.CreateVersion7(), familyId, user.Id, user.TenantId, RandomNumberGenerator.GetBytes(32), Start, Start.AddDays(14), null);

    private static ApiKey Key(string name)
    {
        var id = Guid.CreateVersion7();
        return new ApiKey(id, Tenant, name, "tg_" + id.ToString("N")[..9], RandomNumberGenerator.GetBytes(32), [Scopes.Ingest], ApiKeySigning.None, null, Start, "cli", null, null, null);
    }
}
