using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Tollgate.Core.Audit;
using Tollgate.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded SQLite store.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SqliteStoreOptions"/> from <c>Storage:Sqlite</c> (validated at start-up), registers
    /// <see cref="SqliteAuditEventStore"/> as the <see cref="IAuditEventStore"/>, and opens it before the server
    /// listens.
    /// </summary>
    public static IServiceCollection AddTollgateSqliteStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SqliteStoreOptions>()
            .Bind(configuration.GetSection(SqliteStoreOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteAuditEventStore>();
        services.TryAddSingleton<IAuditEventStore>(sp => sp.GetRequiredService<SqliteAuditEventStore>());
        services.AddSingleton<IHostedService, SqliteStoreLifecycle>();
        return services;
    }
}
