using Microsoft.Extensions.Options;
using Tollgate.Core.Audit;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>The audit store contract against the scale-out store: a fresh migrated database per test.</summary>
public sealed class PostgresAuditEventStoreContractTests : AuditEventStoreContract
{
    private PostgresTestDatabase? database;

    protected override async Task<IAuditEventStore> CreateStoreAsync()
    {
        database = await PostgresTestDatabase.CreateAsync();
        return new PostgresAuditEventStore(database.DataSource, Options.Create(new PostgresStoreOptions()), TimeProvider.System);
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
