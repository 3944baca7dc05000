using Tollgate.Core.Requests;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>
/// The rollup contract against the embedded store: a new database file per test, migrated by the audit store's
/// initialisation as the host does, with the request store (rollups on, by default) opened on the same file.
/// </summary>
public sealed class SqliteRequestRollupStoreContractTests : RequestRollupStoreContract
{
    private readonly TempDirectory directory = new("sqlite-rollups-contract-");
    private SqliteAuditEventStore? auditStore;

    protected override async Task<IRequestStore> CreateStoreAsync()
    {
        var path = directory.Combine("data", "tollgate.db");
        auditStore = await SqliteTestStore.OpenAsync(path);
        return await SqliteRequestStoreFactory.OpenAsync(path);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (auditStore is not null)
        {
            await auditStore.DisposeAsync();
        }

        await directory.DisposeAsync();
    }
}
