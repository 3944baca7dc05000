using Microsoft.Extensions.Options;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>Opens request stores on test database files that <see cref="SqliteTestStore.OpenAsync"/> has migrated.</summary>
internal static class SqliteRequestStoreFactory
{
    /// <summary>Creates and initialises a request store on <paramref name="path"/>.</summary>
    public static async Task<SqliteRequestStore> OpenAsync(string path, Action<SqliteStoreOptions>? configure = null)
    {
        var options = new SqliteStoreOptions { Path = path };
        configure?.Invoke(options);
        var store = new SqliteRequestStore(Options.Create(options));
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
