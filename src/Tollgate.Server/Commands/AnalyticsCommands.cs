using System.CommandLine;
using Microsoft.Extensions.Options;
using Tollgate.Core.Analytics;
using Tollgate.Core.Audit;
using Tollgate.Core.Identity;
using Tollgate.Server.Topology;
using Tollgate.Storage.Postgres;
using Tollgate.Storage.Sqlite;

namespace Tollgate.Server.Commands;

/// <summary>
/// <c>analytics rebuild</c>: recomputes the request rollups of a time range from the raw requests, on the store the
/// server's configuration names, for after a restore, an outage of rollup maintenance, or a change of endpoint naming.
/// </summary>
internal static class AnalyticsCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var from = new Option<string>("--from") { Description = "Start of the range, RFC 3339 (2026-11-01T00:00:00Z); its whole UTC day is rebuilt.", Required = true };
        var to = new Option<string>("--to") { Description = "End of the range (exclusive), RFC 3339; the UTC day it falls in is rebuilt whole.", Required = true };
        var tenant = new Option<string?>("--tenant") { Description = "Rebuild only this tenant's rollups; every tenant's when left out." };
        var force = new Option<bool>("--force") { Description = "Rebuild even days older than the raw request retention, whose rollups then keep only what raw rows are left." };
        var rebuild = new Command("rebuild", "Recomputes the request rollups of every UTC day the range touches from the raw requests, each day replaced atomically; safe while the server runs.")
        {
            from,
            to,
            tenant,
            force,
        };
        rebuild.SetAction((parse, cancellationToken) =>
            RebuildAsync(parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(tenant), parse.GetValue(force), output, error, cancellationToken));
        return new Command("analytics", "Maintains the rollups the analytics API reads.") { rebuild };
    }

    private static async Task<int> RebuildAsync(
        string fromText, string toText, string? tenant, bool force, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!AuditEventReader.TryParseTimestamp(fromText, out var from))
        {
            await error.WriteLineAsync($"--from \"{fromText}\" is not an RFC 3339 date-time with an offset, such as 2026-11-01T00:00:00Z.");
            return 1;
        }

        if (!AuditEventReader.TryParseTimestamp(toText, out var to))
        {
            await error.WriteLineAsync($"--to \"{toText}\" is not an RFC 3339 date-time with an offset, such as 2026-11-02T00:00:00Z.");
            return 1;
        }

        if (to <= from)
        {
            await error.WriteLineAsync("--to must be later than --from.");
            return 1;
        }

        if (tenant is not null && !TenantIds.IsValid(tenant))
        {
            await error.WriteLineAsync($"--tenant \"{tenant}\" is not a tenant id: 1 to {TenantIds.MaxLength} lowercase letters, digits and '-', not starting with '-'.");
            return 1;
        }

        var builder = CommandHost.CreateBuilder();
        builder.Services.AddTollgateStorage(builder.Configuration);
        using var host = builder.Build();
        int retentionDays;
        string retentionKey;
        try
        {
            (retentionDays, retentionKey) = RequestRetention(host.Services, builder.Configuration);
        }
        catch (OptionsValidationException exception)
        {
            foreach (var failure in exception.Failures)
            {
                await error.WriteLineAsync(failure);
            }

            return 1;
        }

        // Checked before the store starts, so a refused rebuild changes nothing, not even the schema.
        var firstDay = RequestRollups.BucketOf(from, RollupWidth.Day);
        var kept = host.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-retentionDays);
        if (retentionDays > 0 && firstDay < kept && !force)
        {
            var earliest = RequestRollups.BucketOf(kept, RollupWidth.Day) is var day && day == kept ? day : day.AddDays(1);
            await error.WriteLineAsync(
                $"--from {AuditEventReader.Format(from)} rebuilds the UTC day of {firstDay:yyyy-MM-dd}, but raw requests are kept {retentionDays} days " +
                $"({retentionKey}): those before {AuditEventReader.Format(kept)} are deleted, and a day's rebuilt rollups hold only the raw requests " +
                $"left, so the days without them would lose their counts. Rebuild from {AuditEventReader.Format(earliest)} or later, or pass --force " +
                "to rebuild anyway.");
            return 1;
        }

        await host.StartAsync(cancellationToken);
        try
        {
            var result = await host.Services.GetRequiredService<IRequestRollupStore>().RebuildAsync(tenant, from, to, cancellationToken);
            await output.WriteLineAsync(
                $"Rebuilt the request rollups of {(tenant is null ? "every tenant" : $"tenant {tenant}")} from {AuditEventReader.Format(result.From)} " +
                $"to {AuditEventReader.Format(result.To)}: {result.Requests} raw requests read, {result.Rows} rollup rows written.");
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The configured provider's raw request retention in days (0: kept forever) and its configuration key.</summary>
    private static (int Days, string Key) RequestRetention(IServiceProvider services, IConfiguration configuration) =>
        StorageServiceCollectionExtensions.ReadProvider(configuration) == StorageProvider.Postgres
            ? (services.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.RequestRetentionDays, $"{PostgresStoreOptions.SectionName}:RequestRetentionDays")
            : (services.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.RequestRetentionDays, $"{SqliteStoreOptions.SectionName}:RequestRetentionDays");
}
