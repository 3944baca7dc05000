using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Analytics;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// Deletes minute rollups older than <see cref="RollupOptions.MinuteRetentionDays"/> and hour and day rollups older
/// than <see cref="RollupOptions.HourRetentionDays"/> (by bucket start): a first run <see cref="FirstRunDelay"/> after
/// start-up, then every <see cref="SqliteStoreOptions.RequestRetentionInterval"/>, whether or not raw requests are
/// kept forever and whether or not rollups are maintained on write (a rebuild writes them too). A failed run is logged
/// and left to the next one; it never stops the host.
/// </summary>
/// <remarks>
/// A job apart from <see cref="SqliteRequestRetention"/>, which ends at once when request retention is off. Deletes
/// take each tenant's expired rows in key order, at most <see cref="SqliteStoreOptions.RetentionChunkSize"/> rows per
/// transaction on a connection of its own, paced like request retention (<see cref="SqliteRetentionPacer"/>).
/// </remarks>
internal sealed partial class SqliteRollupRetention : BackgroundService
{
    /// <summary>How long after start-up the first run starts, so it does not compete with the host's own start.</summary>
    public static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(1);

    /// <summary>Every tenant that has rollups, one seek of the primary key each (a loose index scan).</summary>
    internal const string TenantsSql = """
        WITH RECURSIVE tenants (id) AS (
            SELECT MIN(tenant_id) FROM request_rollups
            UNION ALL
            SELECT (SELECT MIN(tenant_id) FROM request_rollups WHERE tenant_id > tenants.id) FROM tenants WHERE tenants.id IS NOT NULL
        )
        SELECT id FROM tenants WHERE id IS NOT NULL
        """;

    /// <summary>
    /// One chunk of a tenant's expired minute and five-minute rows of every kind: the chunk is found along the key and each of its rows
    /// deleted by its whole key (the table has no rowid to carry).
    /// </summary>
    internal const string DeleteMinutesSql = """
        DELETE FROM request_rollups
        WHERE (tenant_id, kind, width, bucket, service, endpoint, method, status_class, consumer) IN (
            SELECT tenant_id, kind, width, bucket, service, endpoint, method, status_class, consumer FROM request_rollups
            WHERE tenant_id = $tenant AND kind IN (0, 1, 2) AND width IN (60, 300) AND bucket < $before
            LIMIT $chunk)
        """;

    /// <summary>One chunk of a tenant's expired hour and day rows of every kind, as <see cref="DeleteMinutesSql"/>.</summary>
    internal const string DeleteHoursSql = """
        DELETE FROM request_rollups
        WHERE (tenant_id, kind, width, bucket, service, endpoint, method, status_class, consumer) IN (
            SELECT tenant_id, kind, width, bucket, service, endpoint, method, status_class, consumer FROM request_rollups
            WHERE tenant_id = $tenant AND kind IN (0, 1, 2) AND width IN (3600, 86400) AND bucket < $before
            LIMIT $chunk)
        """;

    private readonly SqliteStoreOptions _options;
    private readonly RollupOptions _rollupOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SqliteRollupRetention> _logger;
    private readonly string _connectionString;

    public SqliteRollupRetention(
        IOptions<SqliteStoreOptions> options,
        IOptions<RollupOptions> rollupOptions,
        TimeProvider timeProvider,
        ILogger<SqliteRollupRetention> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rollupOptions);
        _options = options.Value;
        _rollupOptions = rollupOptions.Value;
        _timeProvider = timeProvider;
        _logger = logger;

        // Unpooled: the connection lives for one run, and pragmas set on it must not stay on a pooled reader.
        _connectionString = new SqliteConnectionStringBuilder(SqliteWriterConnection.ConnectionString(_options, SqliteOpenMode.ReadWrite))
        {
            Pooling = false,
        }.ToString();
    }

    /// <summary>
    /// One run: deletes every expired rollup row and returns how many minute rows and hour and day rows it deleted.
    /// Throws when the store cannot be reached; what was deleted before stays deleted and is logged.
    /// </summary>
    public async Task<(long Minutes, long Hours)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var minuteCutoff = now.AddDays(-_rollupOptions.MinuteRetentionDays);
        var hourCutoff = now.AddDays(-_rollupOptions.HourRetentionDays);
        var minuteBefore = SqliteTime.ToMicroseconds(minuteCutoff);
        var hourBefore = SqliteTime.ToMicroseconds(hourCutoff);
        long minutes = 0;
        long hours = 0;
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await SqliteWriterConnection.ApplyPragmasAsync(connection, _options, cancellationToken);
            var pacer = new SqliteRetentionPacer(_timeProvider);
            foreach (var tenant in await SqliteRequestRetention.ListTenantsAsync(connection, TenantsSql, cancellationToken))
            {
                int chunk;
                do
                {
                    chunk = await pacer.RunAsync(() => DeleteChunkAsync(connection, DeleteMinutesSql, tenant, minuteBefore, cancellationToken), cancellationToken);
                    minutes += chunk;
                }
                while (chunk == _options.RetentionChunkSize);

                do
                {
                    chunk = await pacer.RunAsync(() => DeleteChunkAsync(connection, DeleteHoursSql, tenant, hourBefore, cancellationToken), cancellationToken);
                    hours += chunk;
                }
                while (chunk == _options.RetentionChunkSize);
            }
        }
        finally
        {
            if (minutes + hours > 0)
            {
                LogDeleted(_logger, minutes, minuteCutoff, hours, hourCutoff);
            }
        }

        return (minutes, hours);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstRunDelay, _timeProvider, stoppingToken);
            using var timer = new PeriodicTimer(_options.RequestRetentionInterval, _timeProvider);
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Whatever went wrong, the expired rows are still there for the next run and cost only disk
                    // meanwhile; stopping the host would lose captures instead.
                    LogRunFailed(_logger, ex, _options.RequestRetentionInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown interrupted a wait or a chunk; a chunk in progress rolled back and the next start carries on.
        }
    }

    /// <summary>Deletes one chunk of a tenant's expired rows in one transaction; returns the rows deleted.</summary>
    private async Task<int> DeleteChunkAsync(SqliteConnection connection, string sql, string tenant, long before, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE: wait for the write lock up front, as the writers do, instead of failing to upgrade a read.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$before", before);
        command.Parameters.AddWithValue("$chunk", _options.RetentionChunkSize);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    [LoggerMessage(
        EventId = 12,
        Level = LogLevel.Information,
        Message = "Rollup retention deleted {Minutes} minute row(s) older than {MinuteCutoff} and {Hours} hour and day row(s) older than {HourCutoff}.")]
    private static partial void LogDeleted(ILogger logger, long minutes, DateTimeOffset minuteCutoff, long hours, DateTimeOffset hourCutoff);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Rollup retention failed; the next run, in {Interval}, deletes what is left.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, TimeSpan interval);
}
