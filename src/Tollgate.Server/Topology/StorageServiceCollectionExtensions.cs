using Microsoft.Extensions.Options;
using Tollgate.Identity;
using Tollgate.Server.Topology;
using Tollgate.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the store by <c>Storage:Provider</c>.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>The configuration key naming the provider.</summary>
    public const string ProviderKey = "Storage:Provider";

    /// <summary>
    /// Registers the embedded SQLite store (<c>Sqlite</c>, the default; a generated master key is kept beside the
    /// database) or PostgreSQL (<c>Postgres</c>; several nodes then share one database, so they must share one master
    /// key too: start-up fails unless <c>Identity:MasterKey</c> or <c>Identity:MasterKeyFile</c> is set).
    /// </summary>
    public static IServiceCollection AddTollgateStorage(this IServiceCollection services, IConfiguration configuration)
    {
        switch (ReadProvider(configuration))
        {
            case StorageProvider.Postgres:
                services.AddTollgatePostgresStorage(configuration);
                services.AddOptions<IdentityOptions>().Validate(
                    identity => identity.MasterKey is not null || identity.MasterKeyFile is not null,
                    "Storage:Provider=Postgres serves several nodes, which must share one master key: set Identity:MasterKey " +
                    "(base64 of 32 random bytes, e.g. from `openssl rand -base64 32`), or Identity:MasterKeyFile to a file every node reads.");
                break;
            default:
                services.AddTollgateSqliteStorage(configuration);
                services.AddOptions<IdentityOptions>().PostConfigure<IOptions<SqliteStoreOptions>>((identity, sqlite) =>
                    identity.MasterKeyFile ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sqlite.Value.Path)) ?? ".", "master.key"));
                break;
        }

        return services;
    }

    /// <summary>The provider <c>Storage:Provider</c> names; <see cref="StorageProvider.Sqlite"/> when unset.</summary>
    internal static StorageProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return StorageProvider.Sqlite;
        }

        return Enum.TryParse<StorageProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"{ProviderKey}: '{value}' is not a provider. Use Sqlite (the default) or Postgres.");
    }
}
