using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Tollgate.Core.Analytics;
using Tollgate.Core.Audit;
using Tollgate.Core.Identity;
using Tollgate.Core.Requests;
using Tollgate.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded SQLite store.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SqliteStoreOptions"/> from <c>Storage:Sqlite</c> and <see cref="RollupOptions"/> from
    /// <c>Analytics</c> (both validated at start-up), registers <see cref="SqliteAuditEventStore"/> as the
    /// <see cref="IAuditEventStore"/> and <see cref="SqliteIdentityStore"/> as the <see cref="IIdentityStore"/> and
    /// <see cref="SqliteRequestStore"/> as the <see cref="IRequestStore"/> and the <see cref="IRequestRollupStore"/> (same
    /// file, same instance), opens the store, migrations included, before the server listens, and deletes requests older
    /// than <see cref="SqliteStoreOptions.RequestRetentionDays"/> and rollups older than the rollup retention in the
    /// background. Without a host (the CLI), call <see cref="SqliteAuditEventStore.InitializeAsync"/>, then
    /// <see cref="SqliteRequestStore.InitializeAsync"/> when requests or rollups are used, before using any of them.
    /// </summary>
    public static IServiceCollection AddTollgateSqliteStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SqliteStoreOptions>()
            .Bind(configuration.GetSection(SqliteStoreOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RollupOptions>()
            .Bind(configuration.GetSection(RollupOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteAuditEventStore>();
        services.TryAddSingleton<IAuditEventStore>(sp => sp.GetRequiredService<SqliteAuditEventStore>());
        services.TryAddSingleton<SqliteIdentityStore>();
        services.TryAddSingleton<IIdentityStore>(sp => sp.GetRequiredService<SqliteIdentityStore>());
        services.TryAddSingleton<SqliteRequestStore>();
        services.TryAddSingleton<IRequestStore>(sp => sp.GetRequiredService<SqliteRequestStore>());
        services.TryAddSingleton<IRequestRollupStore>(sp => sp.GetRequiredService<SqliteRequestStore>());
        services.AddSingleton<IHostedService, SqliteStoreLifecycle>();
        services.TryAddSingleton<SqliteRequestRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<SqliteRequestRetention>());
        services.TryAddSingleton<SqliteRollupRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<SqliteRollupRetention>());
        return services;
    }
}
