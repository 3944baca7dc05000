using Microsoft.Extensions.Options;
using Tollgate.Core.Identity;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>
/// The identity store contract against the embedded store: a new database file per test, migrated by the audit
/// store's initialisation as the host does, with the identity store on the same file.
/// </summary>
public sealed class SqliteIdentityStoreContractTests : IdentityStoreContract
{
    private readonly TempDirectory directory = new("sqlite-identity-contract-");
    private SqliteAuditEventStore? auditStore;

    protected override async Task<IIdentityStore> CreateStoreAsync()
    {
        var path = directory.Combine("data", "tollgate.db");
        auditStore = await SqliteTestStore.OpenAsync(path);
        return new SqliteIdentityStore(Options.Create(new SqliteStoreOptions { Path = path }));
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
