using Microsoft.Extensions.Options;
using Tollgate.Core.Analytics;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>Opens request stores on test database files that <see cref="SqliteTestStore.OpenAsync"/> has migrated.</summary>
internal static class SqliteRequestStoreFactory
{
    /// <summary>Creates and initialises a request store on <paramref name="path"/>; rollups are on unless <paramref name="rollups"/> says otherwise.</summary>
    public static async Task<SqliteRequestStore> OpenAsync(string path, Action<SqliteStoreOptions>? configure = null, Action<RollupOptions>? rollups = null)
    {
        var options = new SqliteStoreOptions { Path = path };
        configure?.Invoke(options);
        var rollupOptions = new RollupOptions();
        rollups?.Invoke(rollupOptions);
        var store = new SqliteRequestStore(Options.Create(options), Options.Create(rollupOptions));
        try
        {
            await store.InitializeAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }

        return store;
    }
}
