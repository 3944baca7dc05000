using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tollgate.Core.Analytics;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Folds the rollup deltas writers append (<c>request_rollup_deltas</c>) into <c>request_rollups</c> every
/// <see cref="PostgresStoreOptions.RollupCompactionInterval"/>: per chunk, one transaction deletes a bounded number of
/// deltas, merges them by key, merges in the stored rows of those keys (sketches included) and writes the sums back.
/// Chunks follow each other while they come back full. Readers merge whatever is not folded yet, so how far this has
/// got never changes an answer, only how many rows a read merges.
/// </summary>
/// <remarks>
/// One node at a time: a round runs only when it obtains the session advisory lock <see cref="LockKey"/>, and skips
/// otherwise, so no two compactors ever read-merge-write the same row. A rebuild takes the same lock (waiting) to pause
/// compaction. A failed round (PostgreSQL away, a deadlock with retention) is rolled back whole, so no delta is lost or
/// folded twice; it is logged once per outage and the next round tries again.
/// </remarks>
internal sealed partial class PostgresRollupCompactor : BackgroundService
{
    /// <summary>The advisory lock key of compaction and rebuilds (see <see cref="PostgresMigrator.LockKey"/>).</summary>
    internal const long LockKey = 0x546F_6C6C_726F_6C6C; // "Tollroll"

    // ctid lets one statement take and delete a bounded chunk without a key to page by: the rows the subquery saw are
    // exactly those deleted (nothing else deletes deltas while the lock is held) and handed back.
    private const string TakeDeltas = $"""
        DELETE FROM request_rollup_deltas
        WHERE ctid = ANY(ARRAY(SELECT ctid FROM request_rollup_deltas LIMIT $1))
        RETURNING {PostgresRollupMapping.Columns}
        """;

    private const string ReadStored = $"""
        SELECT {PostgresRollupMapping.Columns}
        FROM request_rollups
        JOIN unnest({PostgresRollupMapping.KeyArrays}) AS k ({PostgresRollupMapping.KeyColumns})
            USING ({PostgresRollupMapping.KeyColumns})
        """;

    // The cells hold the stored row merged in, so the new values replace the old ones outright.
    private const string Upsert = $"""
        INSERT INTO request_rollups ({PostgresRollupMapping.Columns})
        SELECT * FROM unnest({PostgresRollupMapping.ColumnArrays})
        ON CONFLICT ({PostgresRollupMapping.KeyColumns}) DO UPDATE SET
            count = excluded.count,
            errors = excluded.errors,
            server_errors = excluded.server_errors,
            duration_sum_us = excluded.duration_sum_us,
            duration_min_us = excluded.duration_min_us,
            duration_max_us = excluded.duration_max_us,
            request_bytes = excluded.request_bytes,
            response_bytes = excluded.response_bytes,
            sketch = excluded.sketch
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PostgresRollupCompactor> _logger;
    private int _failures;
    private DateTimeOffset _outageStart;

    public PostgresRollupCompactor(NpgsqlDataSource dataSource, IOptions<PostgresStoreOptions> options, TimeProvider timeProvider, ILogger<PostgresRollupCompactor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Deltas taken per transaction. 10,000 keeps a transaction to a few megabytes of sketches and well under a second,
    /// while a busy second of many nodes' batches still folds in one or two chunks.
    /// </summary>
    internal int ChunkSize { get; init; } = 10_000;

    /// <summary>
    /// One compaction round: folds every delta there is, chunk by chunk. Returns the deltas folded, or null when another
    /// session holds the lock (another node compacting, or a rebuild).
    /// </summary>
    internal async Task<long?> CompactAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockKey})", connection))
        {
            if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
            {
                return null;
            }
        }

        try
        {
            long folded = 0;
            int taken;
            do
            {
                taken = await CompactChunkAsync(connection, cancellationToken);
                folded += taken;
            }
            while (taken == ChunkSize);

            return folded;
        }
        finally
        {
            // Pooled connections keep their session: release explicitly (a broken one took the lock with it).
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.RollupCompactionInterval, _timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CompactAsync(stoppingToken);
                Recovered();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever failed, the host keeps running and the deltas wait in their table for the next round.
                Failed(ex);
            }
        }
    }

    /// <summary>Folds one chunk of deltas in one transaction; returns how many it took.</summary>
    private async Task<int> CompactChunkAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var cells = new Dictionary<RollupKey, RollupCell>();
        int taken;
        await using (var take = new NpgsqlCommand(TakeDeltas, connection, transaction))
        {
            take.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ChunkSize });
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            taken = await PostgresRollupMapping.AccumulateAsync(reader, cells, PostgresSketchColumn.One, cancellationToken);
        }

        if (taken == 0)
        {
            return 0;
        }

        await using (var read = new NpgsqlCommand(ReadStored, connection, transaction))
        {
            PostgresRollupMapping.AddKeys(read, cells.Keys);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            await PostgresRollupMapping.AccumulateAsync(reader, cells, PostgresSketchColumn.One, cancellationToken);
        }

        await using (var upsert = new NpgsqlCommand(Upsert, connection, transaction))
        {
            PostgresRollupMapping.AddColumns(upsert, cells);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogFolded(_logger, taken, cells.Count);
        return taken;
    }

    private void Failed(Exception exception)
    {
        if (_failures++ == 0)
        {
            _outageStart = _timeProvider.GetUtcNow();
            LogOutageStarted(_logger, exception, _options.RollupCompactionInterval);
        }
    }

    private void Recovered()
    {
        if (_failures > 0)
        {
            var duration = _timeProvider.GetUtcNow() - _outageStart;
            LogOutageEnded(_logger, _failures, duration);
            _failures = 0;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Folded {Deltas} rollup delta(s) into {Rows} rollup row(s).")]
    private static partial void LogFolded(ILogger logger, int deltas, int rows);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Rollup compaction failed; it is tried again every {Interval} (logged once until it works again). Analytics stay exact meanwhile, reading the deltas.")]
    private static partial void LogOutageStarted(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Rollup compaction works again after {Failures} failed round(s) over {Duration}.")]
    private static partial void LogOutageEnded(ILogger logger, int failures, TimeSpan duration);
}
