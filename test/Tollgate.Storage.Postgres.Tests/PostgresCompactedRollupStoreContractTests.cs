using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>
/// The rollup contract against PostgreSQL with a compaction round after every write, so reads find folded rows (and,
/// while a rebuild holds the compactor's lock, deltas the round had to leave).
/// </summary>
public sealed class PostgresCompactedRollupStoreContractTests : RequestRollupStoreContract
{
    private PostgresTestDatabase? database;

    protected override async Task<IRequestStore> CreateStoreAsync()
    {
        database = await PostgresTestDatabase.CreateAsync();
        return new CompactingStore(RollupTestData.Store(database.DataSource), RollupTestData.Compactor(database.DataSource));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>The store, compacting after each write.</summary>
    private sealed class CompactingStore(PostgresRequestStore store, PostgresRollupCompactor compactor) : IRequestStore, IRequestRollupStore
    {
        public async Task WriteAsync(IReadOnlyList<RequestRecord> records, CancellationToken cancellationToken)
        {
            await store.WriteAsync(records, cancellationToken);
            await compactor.CompactAsync(cancellationToken);
        }

        public Task<RequestPage> QueryAsync(string tenantId, RequestQuery query, CancellationToken cancellationToken) =>
            store.QueryAsync(tenantId, query, cancellationToken);

        public Task<RequestRecord?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
            store.GetAsync(tenantId, id, cancellationToken);

        public Task<IReadOnlyList<RollupRow>> ReadAsync(string tenantId, RollupQuery query, CancellationToken cancellationToken) =>
            store.ReadAsync(tenantId, query, cancellationToken);

        public Task<RollupRebuildResult> RebuildAsync(string? tenantId, DateTimeOffset start, DateTimeOffset until, CancellationToken cancellationToken) =>
            store.RebuildAsync(tenantId, start, until, cancellationToken);
    }
}
