using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tollgate.Core.Analytics;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Keeps the time-partitioned tables ready and trimmed: creates partitions <c>{table}_p{yyyyMMdd}</c> (named after
/// their first day, UTC) from the current period to some periods ahead, so rows never pile up in the DEFAULT
/// partition; moves rows that did land there into their partition when it is created; drops request partitions past
/// <see cref="PostgresStoreOptions.RequestRetentionDays"/> (and deletes such rows from the default partitions); drops
/// audit partitions that retention has emptied; deletes rollup rows past the analytics retention
/// (<see cref="PostgresRollupRetention"/>). Runs once during start-up (the store's lifecycle calls
/// <see cref="RunOnceAsync"/> before the server listens), then every <see cref="PostgresStoreOptions.MaintenanceInterval"/>.
/// </summary>
/// <remarks>
/// Safe with several nodes: a run holds a session advisory lock, so runs never overlap and a second node finds the
/// work done. Each partition is created or dropped in its own short transaction with a lock timeout: DDL on a
/// partitioned table queues every later query behind it while it waits, so rather than wait behind a long query it
/// gives up and the next run tries again (partitions are made days ahead, so a missed run costs nothing). Rollup
/// retention that collides with a compaction round (a deadlock on an expired row both touch) is likewise left to the
/// next run.
/// </remarks>
internal sealed partial class PostgresPartitionMaintenance : BackgroundService
{
    /// <summary>The advisory lock key of a maintenance run (see <see cref="PostgresMigrator.LockKey"/>).</summary>
    internal const long LockKey = 0x546F_6C6C_7061_7274; // "Tollpart"

    private const string LockNotAvailable = "55P03";
    private const string DeadlockDetected = "40P01";
    private const string LockTimeout = "5s";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresStoreOptions _options;
    private readonly RollupOptions _rollupOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PostgresPartitionMaintenance> _logger;

    /// <param name="dataSource">The database.</param>
    /// <param name="options">Partitioning and request retention.</param>
    /// <param name="timeProvider">The clock retention and partitions go by.</param>
    /// <param name="logger">Where runs are logged.</param>
    /// <param name="rollupOptions">Rollup retention; the defaults when not given (tools that run maintenance without a host).</param>
    public PostgresPartitionMaintenance(
        NpgsqlDataSource dataSource,
        IOptions<PostgresStoreOptions> options,
        TimeProvider timeProvider,
        ILogger<PostgresPartitionMaintenance> logger,
        IOptions<RollupOptions>? rollupOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource;
        _options = options.Value;
        _rollupOptions = rollupOptions?.Value ?? new RollupOptions();
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The partitioned tables and how each is kept.</summary>
    private IEnumerable<PartitionedTable> Tables =>
    [
        new("audit_events", PeriodDays: 7, Ahead: _options.AuditPartitionWeeksAhead, RetentionDays: null),
        new("requests", PeriodDays: 1, Ahead: _options.RequestPartitionDaysAhead, RetentionDays: _options.RequestRetentionDays),
        new("request_details", PeriodDays: 1, Ahead: _options.RequestPartitionDaysAhead, RetentionDays: _options.RequestRetentionDays),
    ];

    /// <summary>One maintenance run over every partitioned table.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var table in Tables)
            {
                await MaintainAsync(connection, table, now, cancellationToken);
            }

            await DeleteExpiredRollupsAsync(connection, now, cancellationToken);
        }
        finally
        {
            // Pooled connections keep their session: release explicitly (a broken one took the lock with it).
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.MaintenanceInterval, _timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                LogRunFailed(_logger, ex, _options.MaintenanceInterval);
            }
        }
    }

    private async Task MaintainAsync(NpgsqlConnection connection, PartitionedTable table, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await PartitionKeyAsync(connection, table.Name, cancellationToken) is not { } key)
        {
            LogNotPartitioned(_logger, table.Name);
            return;
        }

        var existing = await ListPartitionsAsync(connection, table.Name, cancellationToken);
        var current = table.PeriodStart(now);
        for (var i = 0; i <= table.Ahead; i++)
        {
            var start = current.AddDays(i * table.PeriodDays);
            if (!existing.Contains(start))
            {
                await CreatePartitionAsync(connection, table, key, start, cancellationToken);
            }
        }

        if (table.RetentionDays is > 0 and var days)
        {
            var cutoff = now.AddDays(-days);
            foreach (var start in existing.Where(s => s.AddDays(table.PeriodDays) <= cutoff))
            {
                await DropPartitionAsync(connection, table, start, onlyIfEmpty: false, cancellationToken);
            }

            await DeleteExpiredDefaultRowsAsync(connection, table, key, cutoff, cancellationToken);
        }
        else if (table.RetentionDays is null)
        {
            // Audit events leave only through per-tenant retention, which deletes the oldest events first; walk from
            // the oldest past partition and drop while empty, so only that emptied prefix goes, never a gap between
            // partitions that still hold events, nor the current or future periods.
            foreach (var start in existing.Where(s => s.AddDays(table.PeriodDays) <= current).Order())
            {
                if (!await DropPartitionAsync(connection, table, start, onlyIfEmpty: true, cancellationToken))
                {
                    break;
                }
            }
        }
    }

    private async Task DeleteExpiredRollupsAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var (minutes, longer) = await PostgresRollupRetention.DeleteExpiredAsync(connection, _rollupOptions, now, _options.RetentionChunkSize, cancellationToken);
            if (minutes + longer > 0)
            {
                LogRollupsDeleted(_logger, minutes, longer);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == DeadlockDetected)
        {
            LogRollupRetentionDeadlocked(_logger);
        }
    }

    private async Task CreatePartitionAsync(NpgsqlConnection connection, PartitionedTable table, string key, DateTime start, CancellationToken cancellationToken)
    {
        var name = table.PartitionName(start);
        var from = Literal(start);
        var to = Literal(start.AddDays(table.PeriodDays));
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, $"SET LOCAL lock_timeout = '{LockTimeout}'", cancellationToken);

            // Rows of the new range may sit in the default partition (written before the partition existed, e.g.
            // while a node was down); PostgreSQL refuses to create a partition over them. So the partition is built
            // apart, those rows are moved into it, and it is attached, in one transaction. The default partition is
            // locked first, before the parent, the order queries lock them in; attaching then needs only a SHARE
            // UPDATE EXCLUSIVE lock on the parent, which reads and writes of other partitions do not wait for.
            await ExecuteAsync(connection, $"LOCK TABLE {table.DefaultPartition} IN ACCESS EXCLUSIVE MODE", cancellationToken);
            await ExecuteAsync(connection, $"CREATE TABLE {name} (LIKE {table.Name} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION)", cancellationToken);
            var moved = await ExecuteAsync(
                connection,
                $"WITH moved AS (DELETE FROM {table.DefaultPartition} WHERE {key} >= {from} AND {key} < {to} RETURNING *) INSERT INTO {name} SELECT * FROM moved",
                cancellationToken);
            await ExecuteAsync(connection, $"ALTER TABLE {table.Name} ATTACH PARTITION {name} FOR VALUES FROM ({from}) TO ({to})", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogCreated(_logger, name, moved);
        }
        catch (PostgresException ex) when (ex.SqlState == LockNotAvailable)
        {
            LogLockBusy(_logger, name);
        }
    }

    /// <summary>Drops one partition; false when it was kept because it is not empty (or was busy).</summary>
    private async Task<bool> DropPartitionAsync(NpgsqlConnection connection, PartitionedTable table, DateTime start, bool onlyIfEmpty, CancellationToken cancellationToken)
    {
        var name = table.PartitionName(start);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, $"SET LOCAL lock_timeout = '{LockTimeout}'", cancellationToken);

            // Dropping a partition locks the parent exclusively; taking the parent first (ONLY: not every partition),
            // then the partition, is the order queries lock them in, so the two never deadlock.
            await ExecuteAsync(connection, $"LOCK TABLE ONLY {table.Name} IN ACCESS EXCLUSIVE MODE", cancellationToken);
            await ExecuteAsync(connection, $"LOCK TABLE {name} IN ACCESS EXCLUSIVE MODE", cancellationToken);
            if (onlyIfEmpty)
            {
                await using var probe = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {name})", connection);
                if ((bool)(await probe.ExecuteScalarAsync(cancellationToken))!)
                {
                    return false;
                }
            }

            await ExecuteAsync(connection, $"DROP TABLE {name}", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogDropped(_logger, name);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == LockNotAvailable)
        {
            LogLockBusy(_logger, name);
            return false;
        }
    }

    private async Task DeleteExpiredDefaultRowsAsync(NpgsqlConnection connection, PartitionedTable table, string key, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"DELETE FROM {table.DefaultPartition} WHERE {key} < $1", connection);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = cutoff });
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (deleted > 0)
        {
            LogDefaultRowsDeleted(_logger, deleted, table.DefaultPartition);
        }
    }

    /// <summary>The (quoted) partition key column of a table partitioned by range, or null when it is not.</summary>
    private static async Task<string?> PartitionKeyAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT quote_ident(a.attname) FROM pg_partitioned_table p
            JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
            WHERE p.partrelid = to_regclass($1) AND p.partstrat = 'r' AND p.partnatts = 1
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>The start days of the table's partitions named <c>{table}_p{yyyyMMdd}</c>; other partitions are not ours.</summary>
    private static async Task<SortedSet<DateTime>> ListPartitionsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass($1)",
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        var starts = new SortedSet<DateTime>();
        var prefix = table + "_p";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            if (name.StartsWith(prefix, StringComparison.Ordinal)
                && DateTime.TryParseExact(name.AsSpan(prefix.Length), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start))
            {
                starts.Add(start);
            }
        }

        return starts;
    }

    /// <summary>A timestamptz literal of a UTC day, with its offset spelled out so the session's time zone cannot shift it.</summary>
    private static string Literal(DateTime day) => string.Create(CultureInfo.InvariantCulture, $"'{day:yyyy-MM-dd} 00:00:00+00'");

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Created partition {Partition}; moved {Moved} row(s) into it from the default partition.")]
    private static partial void LogCreated(ILogger logger, string partition, int moved);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Dropped partition {Partition}.")]
    private static partial void LogDropped(ILogger logger, string partition);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Deleted {Deleted} expired row(s) from {Partition}.")]
    private static partial void LogDefaultRowsDeleted(ILogger logger, int deleted, string partition);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Partition {Partition} was left for the next run: its table stayed locked by other sessions.")]
    private static partial void LogLockBusy(ILogger logger, string partition);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Table {Table} is missing or not partitioned by range on one column; its partitions are not maintained.")]
    private static partial void LogNotPartitioned(ILogger logger, string table);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Partition maintenance failed; it runs again in {Interval}.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Deleted {Minutes} minute and {Longer} hour and day rollup row(s) past the analytics retention.")]
    private static partial void LogRollupsDeleted(ILogger logger, long minutes, long longer);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Rollup retention was left for the next run: it deadlocked with a compaction round on an expired row.")]
    private static partial void LogRollupRetentionDeadlocked(ILogger logger);

    /// <summary>A partitioned table and how it is kept.</summary>
    /// <param name="Name">The parent table.</param>
    /// <param name="PeriodDays">Days per partition: 1, or 7 (weeks from Monday).</param>
    /// <param name="Ahead">Partitions created after the current one.</param>
    /// <param name="RetentionDays">Days of rows kept (0: all); null when rows leave only through the store's own retention.</param>
    private readonly record struct PartitionedTable(string Name, int PeriodDays, int Ahead, int? RetentionDays)
    {
        public string DefaultPartition => Name + "_default";

        public string PartitionName(DateTime start) => string.Create(CultureInfo.InvariantCulture, $"{Name}_p{start:yyyyMMdd}");

        /// <summary>The UTC start of the period holding <paramref name="now"/>: its day, or the Monday of its week.</summary>
        public DateTime PeriodStart(DateTimeOffset now)
        {
            var day = now.UtcDateTime.Date;
            return PeriodDays == 7 ? day.AddDays(-(((int)day.DayOfWeek + 6) % 7)) : day;
        }
    }
}
