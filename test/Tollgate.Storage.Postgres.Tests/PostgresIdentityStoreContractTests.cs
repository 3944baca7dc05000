using Tollgate.Core.Identity;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>The identity store contract against PostgreSQL: a fresh migrated database per test, holding only the default tenant.</summary>
public sealed class PostgresIdentityStoreContractTests : IdentityStoreContract
{
    private PostgresTestDatabase? database;

    protected override async Task<IIdentityStore> CreateStoreAsync()
    {
        database = await PostgresTestDatabase.CreateAsync();
        return new PostgresIdentityStore(database.DataSource);
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
