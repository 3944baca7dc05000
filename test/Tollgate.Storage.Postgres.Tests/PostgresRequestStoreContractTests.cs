using Microsoft.Extensions.Options;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>The request store contract against PostgreSQL: a fresh migrated database per test, partitioned tables with only their default partitions.</summary>
public sealed class PostgresRequestStoreContractTests : RequestStoreContract
{
    private PostgresTestDatabase? database;

    protected override async Task<IRequestStore> CreateStoreAsync()
    {
        database = await PostgresTestDatabase.CreateAsync();
        return new PostgresRequestStore(database.DataSource, Options.Create(new RollupOptions()));
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
