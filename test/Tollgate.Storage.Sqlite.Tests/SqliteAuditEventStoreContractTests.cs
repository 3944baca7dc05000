using Tollgate.Core.Audit;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>The store contract against the embedded store: a new database file in a new directory per test.</summary>
public sealed class SqliteAuditEventStoreContractTests : AuditEventStoreContract
{
    private readonly TempDirectory directory = new("sqlite-contract-");

    protected override async Task<IAuditEventStore> CreateStoreAsync() =>
        await SqliteTestStore.OpenAsync(directory.Combine("data", "tollgate.db"));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await directory.DisposeAsync();
    }
}
