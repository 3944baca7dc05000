using Microsoft.Extensions.Options;
using Npgsql;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Refuses to start without a usable connection string, naming where it was looked for or where the bad one came
/// from; never the value itself, which may hold a password.
/// </summary>
internal sealed class PostgresStoreOptionsValidator : IValidateOptions<PostgresStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ConnectionStringError is { } error)
        {
            return ValidateOptionsResult.Fail(error);
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"PostgreSQL storage needs a connection string: set {PostgresConnectionStringResolver.ConnectionStringKey}, " +
                $"the {PostgresConnectionStringResolver.DatabaseUrlKey} environment variable (postgres://user:password@host:port/database) " +
                $"or {PostgresConnectionStringResolver.OptionKey}.");
        }

        var source = options.ConnectionStringSource ?? PostgresConnectionStringResolver.OptionKey;
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            return ValidateOptionsResult.Fail($"{source} is not a valid Npgsql connection string (Host=...;Database=...;Username=...).");
        }

        return string.IsNullOrWhiteSpace(builder.Host)
            ? ValidateOptionsResult.Fail($"{source} names no Host.")
            : ValidateOptionsResult.Success;
    }
}
