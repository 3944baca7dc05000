using Tollgate.Core.Requests;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>
/// The rollup contract against PostgreSQL as writes leave it between compactions: every cell still a delta, so each
/// read merges the deltas of a key (the compacted case is <see cref="PostgresCompactedRollupStoreContractTests"/>).
/// </summary>
public sealed class PostgresRequestRollupStoreContractTests : RequestRollupStoreContract
{
    private PostgresTestDatabase? database;

    protected override async Task<IRequestStore> CreateStoreAsync()
    {
        database = await PostgresTestDatabase.CreateAsync();
        return RollupTestData.Store(database.DataSource);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
