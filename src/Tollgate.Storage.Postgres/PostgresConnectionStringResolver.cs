using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Picks the connection string after binding, first found wins: <c>ConnectionStrings:Tollgate</c> (the .NET
/// convention), <c>DATABASE_URL</c> (the platform convention, a URL; the host's environment-variable configuration
/// supplies it), <c>Storage:Postgres:ConnectionString</c>. A bad URL is not thrown here but recorded for
/// <see cref="PostgresStoreOptionsValidator"/>, so start-up fails with one clear options error.
/// </summary>
internal sealed class PostgresConnectionStringResolver(IConfiguration configuration) : IPostConfigureOptions<PostgresStoreOptions>
{
    public const string ConnectionStringKey = "ConnectionStrings:Tollgate";
    public const string DatabaseUrlKey = "DATABASE_URL";
    public const string OptionKey = PostgresStoreOptions.SectionName + ":ConnectionString";

    public void PostConfigure(string? name, PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (configuration[ConnectionStringKey] is { Length: > 0 } connectionString)
        {
            options.ConnectionString = connectionString;
            options.ConnectionStringSource = ConnectionStringKey;
        }
        else if (configuration[DatabaseUrlKey] is { Length: > 0 } url)
        {
            options.ConnectionStringSource = DatabaseUrlKey;
            if (PostgresDatabaseUrl.TryConvert(url, out var converted, out var error))
            {
                options.ConnectionString = converted;
            }
            else
            {
                options.ConnectionString = null;
                options.ConnectionStringError = $"{DatabaseUrlKey} is not a usable PostgreSQL URL (postgres://user:password@host:port/database?sslmode=...): {error}.";
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            options.ConnectionStringSource = OptionKey;
        }
    }
}
