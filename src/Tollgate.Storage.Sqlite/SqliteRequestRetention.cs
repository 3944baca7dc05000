using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// Deletes captured and reported requests (and their details) older than
/// <see cref="SqliteStoreOptions.RequestRetentionDays"/>: a first run <see cref="FirstRunDelay"/> after start-up, then
/// every <see cref="SqliteStoreOptions.RequestRetentionInterval"/>. A failed run is logged and left to the next one;
/// it never stops the host.
/// </summary>
/// <remarks>
/// Deletes walk each tenant's <c>ix_requests_tenant_time</c> range from the oldest row, at most
/// <see cref="SqliteStoreOptions.RetentionChunkSize"/> requests per transaction, on a connection of its own. That
/// connection takes turns on SQLite's file-wide write lock with the request and audit writers through the busy
/// timeout, so after each chunk the job waits as long as the chunk took (<see cref="SqliteRetentionPacer"/>): the
/// writers, whose busy handlers poll for the lock, get it at least half of the time, and a capture waits at most about
/// one chunk. Rollups have a job of their own, <see cref="SqliteRollupRetention"/>.
/// </remarks>
internal sealed partial class SqliteRequestRetention : BackgroundService
{
    /// <summary>How long after start-up the first run starts, so it does not compete with the host's own start.</summary>
    public static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Every tenant that has requests, one index seek each (a loose index scan): a plain <c>SELECT DISTINCT</c> would
    /// read the whole index.
    /// </summary>
    internal const string TenantsSql = """
        WITH RECURSIVE tenants (id) AS (
            SELECT MIN(tenant_id) FROM requests
            UNION ALL
            SELECT (SELECT MIN(tenant_id) FROM requests WHERE tenant_id > tenants.id) FROM tenants WHERE tenants.id IS NOT NULL
        )
        SELECT id FROM tenants WHERE id IS NOT NULL
        """;

    /// <summary>
    /// The details of the chunk's requests. The chunk (the tenant's oldest expired requests, in index order) is the
    /// same set in both statements: nothing else writes between them inside the transaction.
    /// </summary>
    internal const string DeleteDetailsSql = """
        DELETE FROM request_details WHERE id IN (
            SELECT id FROM requests WHERE tenant_id = $tenant AND timestamp < $before ORDER BY timestamp, id LIMIT $chunk)
        """;

    /// <summary>The chunk's requests, by rowid, which the index carries, so neither statement reads a table row to find them.</summary>
    internal const string DeleteRequestsSql = """
        DELETE FROM requests WHERE rowid IN (
            SELECT rowid FROM requests WHERE tenant_id = $tenant AND timestamp < $before ORDER BY timestamp, id LIMIT $chunk)
        """;

    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SqliteRequestRetention> _logger;
    private readonly string _connectionString;

    public SqliteRequestRetention(IOptions<SqliteStoreOptions> options, TimeProvider timeProvider, ILogger<SqliteRequestRetention> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;

        // Unpooled: the connection lives for one run, and pragmas set on it must not stay on a pooled reader.
        _connectionString = new SqliteConnectionStringBuilder(SqliteWriterConnection.ConnectionString(_options, SqliteOpenMode.ReadWrite))
        {
            Pooling = false,
        }.ToString();
    }

    /// <summary>
    /// One run: deletes every request older than the cut-off and returns how many it deleted (none when retention is
    /// off). Throws when the store cannot be reached; what was deleted before stays deleted and is logged.
    /// </summary>
    public async Task<long> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (_options.RequestRetentionDays == 0)
        {
            return 0;
        }

        var cutoff = _timeProvider.GetUtcNow().AddDays(-_options.RequestRetentionDays);
        var before = SqliteTime.ToMicroseconds(cutoff);
        long deleted = 0;
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await SqliteWriterConnection.ApplyPragmasAsync(connection, _options, cancellationToken);
            var pacer = new SqliteRetentionPacer(_timeProvider);
            foreach (var tenant in await ListTenantsAsync(connection, TenantsSql, cancellationToken))
            {
                int chunk;
                do
                {
                    chunk = await pacer.RunAsync(() => DeleteChunkAsync(connection, tenant, before, cancellationToken), cancellationToken);
                    deleted += chunk;
                }
                while (chunk == _options.RetentionChunkSize);
            }
        }
        finally
        {
            if (deleted > 0)
            {
                LogDeleted(_logger, deleted, cutoff);
            }
        }

        return deleted;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.RequestRetentionDays == 0)
        {
            return;
        }

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
                    // Whatever went wrong (the file unreadable, the disk full, the lock held past the busy timeout),
                    // the expired rows are still there for the next run; stopping the host would lose captures instead.
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

    /// <summary>The tenants <paramref name="sql"/> lists (in its first column), read whole before any chunk deletes.</summary>
    internal static async Task<List<string>> ListTenantsAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var tenants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(reader.GetString(0));
        }

        return tenants;
    }

    /// <summary>Deletes one chunk of a tenant's expired requests with their details, in one transaction; returns the requests deleted.</summary>
    private async Task<int> DeleteChunkAsync(SqliteConnection connection, string tenant, long before, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE: wait for the write lock up front, as the writers do, instead of failing to upgrade a read.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await ExecuteAsync(connection, transaction, DeleteDetailsSql, tenant, before, cancellationToken);
        var deleted = await ExecuteAsync(connection, transaction, DeleteRequestsSql, tenant, before, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, string tenant, long before, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$before", before);
        command.Parameters.AddWithValue("$chunk", _options.RetentionChunkSize);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Request retention deleted {Deleted} request(s) older than {Cutoff}.")]
    private static partial void LogDeleted(ILogger logger, long deleted, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Request retention failed; the next run, in {Interval}, deletes what is left.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, TimeSpan interval);
}
