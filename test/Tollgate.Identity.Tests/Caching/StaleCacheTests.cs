using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Identity;
using Tollgate.Identity.ApiKeys;
using Tollgate.Identity.Tenancy;
using Tollgate.Storage.Sqlite;
using Tollgate.Testing;

namespace Tollgate.Identity.Tests.Caching;

/// <summary>
/// A database outage must not lock known callers out of a scaled-out ingest node: expired cache entries keep serving
/// while the store cannot be reached, up to <see cref="IdentityOptions.StaleCacheLimit"/>, and never beyond it.
/// </summary>
public sealed class StaleCacheTests : IAsyncLifetime
{
    private readonly TempDirectory directory = new("stale-cache-");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly StoreOutage outage = new();
    private readonly IOptions<IdentityOptions> options = Options.Create(new IdentityOptions
    {
        ApiKeyCacheDuration = TimeSpan.FromSeconds(30),
        StaleCacheLimit = TimeSpan.FromMinutes(10),
    });

    private SqliteAuditEventStore? migrations;
    private IIdentityStore store = null!;

    public async ValueTask InitializeAsync()
    {
        var path = directory.Combine("tollgate.db");
        var sqlite = new SqliteStoreOptions { Path = path };
        migrations = new SqliteAuditEventStore(Options.Create(sqlite), TimeProvider.System, NullLogger<SqliteAuditEventStore>.Instance);
        await migrations.InitializeAsync(TestContext.Current.CancellationToken);
        store = outage.Wrap<IIdentityStore>(new SqliteIdentityStore(Options.Create(sqlite)));
        await store.CreateTenantAsync(new Tenant("acme", "Acme", Disabled: false, clock.GetUtcNow()), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (migrations is not null)
        {
            await migrations.DisposeAsync();
        }

        await directory.DisposeAsync();
    }

    [Fact]
    public async Task Expired_api_key_still_authenticates_while_the_store_is_down()
    {
        var cache = new ApiKeyCache(store, clock, options);
        var key = await CreateKeyAsync();
        Assert.NotNull(await cache.FindByHashAsync(key.Hash, TestContext.Current.CancellationToken));

        outage.IsDown = true;
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(key.Id, (await cache.FindByHashAsync(key.Hash, TestContext.Current.CancellationToken))?.Id);
        Assert.Equal(key.Id, (await cache.FindByIdAsync(key.Id, TestContext.Current.CancellationToken))?.Id);
        Assert.Equal(1, outage.FailedCalls);
    }

    [Fact]
    public async Task Stale_entries_are_reused_for_a_cache_lifetime_without_asking_the_failing_store_again()
    {
        var cache = new ApiKeyCache(store, clock, options);
        var tenants = new TenantDirectory(store, clock, options);
        var key = await CreateKeyAsync();
        await cache.FindByHashAsync(key.Hash, TestContext.Current.CancellationToken);
        await tenants.GetAsync("acme", TestContext.Current.CancellationToken);
        outage.IsDown = true;
        clock.Advance(TimeSpan.FromMinutes(5));
        await cache.FindByHashAsync(key.Hash, TestContext.Current.CancellationToken);
        await tenants.GetAsync("acme", TestContext.Current.CancellationToken);
        var failedBefore = outage.FailedCalls;

        clock.Advance(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 5; i++)
        {
            Assert.NotNull(await cache.FindByHashAsync(key.Hash, TestContext.Current.CancellationToken));
            Assert.NotNull(await tenants.GetAsync("acme", TestContext.Current.CancellationToken));
        }

        Assert.Equal(failedBefore, outage.FailedCalls);
    }

    [Fact]
    public async Task Api_key_past_the_stale_limit_fails_with_the_store_error()
    {
        var cache = new ApiKeyCache(store, clock, options);
        var key = await CreateKeyAsync();
        await cache.FindByHashAsync(key.Hash, TestContext.Current.CancellationToken);

        outage.IsDown = true;
        clock.Advance(TimeSpan.FromMinutes(11));

        await Assert.ThrowsAsync<IOException>(async () => await cache.FindByHashAsync(key.Hash, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Unknown_api_key_is_not_invented_during_an_outage()
    {
        var cache = new ApiKeyCache(store, clock, options);
        outage.IsDown = true;

        await Assert.ThrowsAsync<IOException>(async () => await cache.FindByHashAsync(SHA256.HashData("never seen"u8), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Expired_tenant_entry_serves_while_the_store_is_down_and_not_after_the_limit()
    {
        var tenants = new TenantDirectory(store, clock, options);
        Assert.NotNull(await tenants.GetAsync("acme", TestContext.Current.CancellationToken));

        outage.IsDown = true;
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("acme", (await tenants.GetAsync("acme", TestContext.Current.CancellationToken))?.Id);

        clock.Advance(TimeSpan.FromMinutes(2));
        await Assert.ThrowsAsync<IOException>(async () => await tenants.GetAsync("acme", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Store_that_answers_again_is_read_again()
    {
        var cache = new ApiKeyCache(store, clock, options);
        var key = await CreateKeyAsync();
        await cache.FindByHashAsync(key.Hash, TestContext.Current.CancellationToken);
        await store.RevokeApiKeyAsync("acme", key.Id, clock.GetUtcNow(), TestContext.Current.CancellationToken);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.NotNull((await cache.FindByHashAsync(key.Hash, TestContext.Current.CancellationToken))?.RevokedAt);
    }

    private async Task<ApiKey> CreateKeyAsync()
    {
        var key = new ApiKey(
            Guid.NewGuid(), "acme", "ingest", "tg_test", SHA256.HashData(RandomNumberGenerator.GetBytes(32)), [Scopes.Ingest],
            ApiKeySigning.None, null, clock.GetUtcNow(), "test", null, null, null);
        await store.CreateApiKeyAsync(key, TestContext.Current.CancellationToken);
        return key;
    }
}
