using Microsoft.Extensions.Options;
using Tollgate.Identity;
using Tollgate.Server.Identity.Bootstrap;
using Tollgate.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers identity the way the server hosts it.</summary>
public static class IdentityHostingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <c>AddTollgateIdentity</c> and keeps a generated master key beside the SQLite database unless
    /// <c>Identity:MasterKeyFile</c> says otherwise.
    /// </summary>
    public static IServiceCollection AddTollgateServerIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTollgateIdentity(configuration);
        services.AddOptions<IdentityOptions>().PostConfigure<IOptions<SqliteStoreOptions>>((identity, sqlite) =>
            identity.MasterKeyFile ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sqlite.Value.Path)) ?? ".", "master.key"));
        // Tollgate issues no cookies, so ASP.NET Core's Data Protection (registered by authentication) holds nothing
        // of ours; its start-up warning about unencrypted key storage would only mislead operators.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));
        return services;
    }

    /// <summary>
    /// Creates the first platform admin at start-up from <c>TOLLGATE_BOOTSTRAP_ADMIN_EMAIL</c> and
    /// <c>TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD_FILE</c> when no admin exists, or logs how to create one.
    /// </summary>
    public static IServiceCollection AddTollgateBootstrapAdmin(this IServiceCollection services)
    {
        services.AddHostedService<BootstrapAdminService>();
        return services;
    }
}
