using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tollgate.Core.Analytics;
using Tollgate.Core.Audit;
using Tollgate.Core.Identity;
using Tollgate.Core.Requests;
using Tollgate.Storage.Postgres;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the scale-out PostgreSQL store.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="PostgresStoreOptions"/> from <c>Storage:Postgres</c> (validated at start-up; the connection
    /// string comes from <c>ConnectionStrings:Tollgate</c>, else <c>DATABASE_URL</c>, else
    /// <c>Storage:Postgres:ConnectionString</c>) and <see cref="RollupOptions"/> from <c>Analytics</c>, registers one
    /// <see cref="NpgsqlDataSource"/>, the <see cref="IAuditEventStore"/>, <see cref="IIdentityStore"/>,
    /// <see cref="IRequestStore"/> and <see cref="IRequestRollupStore"/> (the same instance as the request store) on it,
    /// and readies the database before the server listens: migrations, then partition maintenance, which then runs every
    /// <see cref="PostgresStoreOptions.MaintenanceInterval"/>. Rollup deltas are compacted every
    /// <see cref="PostgresStoreOptions.RollupCompactionInterval"/>. Without a host (the CLI), call
    /// <see cref="PostgresMigrator.ApplyAsync"/> before using the stores.
    /// </summary>
    public static IServiceCollection AddTollgatePostgresStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PostgresStoreOptions>()
            .Bind(configuration.GetSection(PostgresStoreOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<PostgresStoreOptions>>(new PostgresConnectionStringResolver(configuration));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStoreOptions>, PostgresStoreOptionsValidator>());
        services.AddOptions<RollupOptions>()
            .Bind(configuration.GetSection(RollupOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value;
            return new NpgsqlDataSourceBuilder(options.ConnectionString)
                .UseLoggerFactory(sp.GetService<ILoggerFactory>())
                .Build();
        });
        services.TryAddSingleton<PostgresAuditEventStore>();
        services.TryAddSingleton<IAuditEventStore>(sp => sp.GetRequiredService<PostgresAuditEventStore>());
        services.TryAddSingleton<PostgresIdentityStore>();
        services.TryAddSingleton<IIdentityStore>(sp => sp.GetRequiredService<PostgresIdentityStore>());
        services.TryAddSingleton<PostgresRequestStore>();
        services.TryAddSingleton<IRequestStore>(sp => sp.GetRequiredService<PostgresRequestStore>());
        services.TryAddSingleton<IRequestRollupStore>(sp => sp.GetRequiredService<PostgresRequestStore>());
        services.TryAddSingleton<PostgresPartitionMaintenance>();
        services.TryAddSingleton<PostgresRollupCompactor>();
        services.AddSingleton<IHostedService, PostgresStoreLifecycle>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresPartitionMaintenance>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresRollupCompactor>());
        return services;
    }
}
