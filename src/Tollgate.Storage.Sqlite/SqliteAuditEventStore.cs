using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Audit;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// The embedded audit store: one SQLite file in WAL mode. Writes go through a single group-committing writer;
/// reads use pooled connections and never block it. Call <see cref="InitializeAsync"/> once before use (the
/// host does, through <c>AddTollgateSqliteStorage</c>).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed partial class SqliteAuditEventStore : IAuditEventStore, IAsyncDisposable
{
    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SqliteAuditEventStore> _logger;
    private readonly string _connectionString;
    private SqliteAuditWriter? _writer;

    /// <summary>Creates the store; nothing is opened until <see cref="InitializeAsync"/>.</summary>
    public SqliteAuditEventStore(IOptions<SqliteStoreOptions> options, TimeProvider timeProvider, ILogger<SqliteAuditEventStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _connectionString = SqliteWriterConnection.ConnectionString(_options, SqliteOpenMode.ReadWriteCreate);
    }

    /// <summary>Creates the directory and database if needed, applies migrations and starts the writer.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            return;
        }

        var fullPath = Path.GetFullPath(_options.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await SqliteWriterConnection.ApplyPragmasAsync(connection, _options, cancellationToken);
            var applied = await SqliteMigrator.ApplyAsync(connection, _timeProvider, cancellationToken);
            LogOpened(_logger, fullPath, applied, SqliteMigrator.Migrations[^1].Version);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        _writer = new SqliteAuditWriter(connection, _options, _timeProvider, _logger);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditAppendResult>> AppendAsync(string tenantId, IReadOnlyList<NewAuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            if (!string.Equals(e.TenantId, tenantId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Event {e.Id} was read for tenant '{e.TenantId}', not '{tenantId}'.", nameof(events));
            }
        }

        return events.Count == 0
            ? Task.FromResult<IReadOnlyList<AuditAppendResult>>([])
            : Writer.AppendAsync(tenantId, events, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AuditEvent?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteAuditFilter.EventColumns} FROM audit_events WHERE tenant_id = $tenant AND id = $id";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id.ToByteArray(bigEndian: true));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SqliteAuditFilter.ReadEvent(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEvent>> GetAmendmentsAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteAuditFilter.EventColumns} FROM audit_events WHERE tenant_id = $tenant AND amends = $id ORDER BY sequence";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id.ToByteArray(bigEndian: true));
        return await ReadAllAsync(command, int.MaxValue, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AuditEventPage> QueryAsync(string tenantId, AuditEventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, AuditEventQuery.MaxLimit);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {SqliteAuditFilter.EventColumns} FROM audit_events");
        SqliteAuditFilter.AppendWhere(sql, command, tenantId, query.Filter);
        var descending = query.Order == AuditSortOrder.Descending;
        if (query.After is { } after)
        {
            sql.Append(descending ? " AND (timestamp, sequence) < ($cursor_ts, $cursor_seq)" : " AND (timestamp, sequence) > ($cursor_ts, $cursor_seq)");
            command.Parameters.AddWithValue("$cursor_ts", SqliteTime.ToMicroseconds(after.Timestamp));
            command.Parameters.AddWithValue("$cursor_seq", after.Sequence);
        }

        sql.Append(descending ? " ORDER BY timestamp DESC, sequence DESC" : " ORDER BY timestamp, sequence");
        sql.Append(" LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        if (query.After is null && query.Offset > 0)
        {
            sql.Append(" OFFSET $offset");
            command.Parameters.AddWithValue("$offset", query.Offset);
        }

        command.CommandText = sql.ToString();
        return AuditEventPage.FromProbe(await ReadAllAsync(command, query.Limit + 1, cancellationToken), query.Limit);
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(string tenantId, AuditEventFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT COUNT(*) FROM audit_events");
        SqliteAuditFilter.AppendWhere(sql, command, tenantId, filter);
        command.CommandText = sql.ToString();
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc />
    public async Task<AuditStats> GetStatsAsync(string tenantId, AuditEventFilter filter, AuditStatsInterval interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await OpenAsync(cancellationToken);
        var total = 0L;
        var byType = await GroupAsync(connection, tenantId, filter, "event_type", cancellationToken);
        var byService = await GroupAsync(connection, tenantId, filter, "src_service", cancellationToken);
        var bucketMicros = interval == AuditStatsInterval.Hour ? 3_600_000_000L : 86_400_000_000L;
        var overTime = new List<KeyValuePair<DateTimeOffset, long>>();
        await using (var command = connection.CreateCommand())
        {
            var sql = new StringBuilder("SELECT (timestamp / $bucket) * $bucket AS bucket, COUNT(*) FROM audit_events");
            SqliteAuditFilter.AppendWhere(sql, command, tenantId, filter);
            sql.Append(" GROUP BY bucket ORDER BY bucket");
            command.CommandText = sql.ToString();
            command.Parameters.AddWithValue("$bucket", bucketMicros);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var count = reader.GetInt64(1);
                total += count;
                overTime.Add(new(SqliteTime.FromMicroseconds(reader.GetInt64(0)), count));
            }
        }

        return new AuditStats(total, byType, byService, overTime);
    }

    /// <inheritdoc />
    public async Task<RetentionResult> DeleteReceivedBeforeAsync(string tenantId, DateTimeOffset receivedBefore, CancellationToken cancellationToken)
    {
        var cutoff = SqliteTime.ToMicroseconds(receivedBefore);
        long deleted = 0;
        RetentionChunkResult chunk;
        do
        {
            // Each chunk is its own transaction, so appends interleave with a large retention run.
            chunk = await Writer.DeleteChunkAsync(tenantId, cutoff, cancellationToken);
            deleted += chunk.Deleted;
        }
        while (chunk.More && !cancellationToken.IsCancellationRequested);

        await using var connection = await OpenAsync(cancellationToken);
        return new RetentionResult(deleted, await LatestCheckpointAsync(connection, tenantId, cancellationToken));
    }

    /// <inheritdoc />
    public async Task<ChainVerification> VerifyChainAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);

        // One read transaction: the checkpoint and the events are seen at the same instant, even while retention runs.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var checkpoint = await LatestCheckpointAsync(connection, tenantId, cancellationToken, transaction);
        var previous = checkpoint?.Hash.ToArray() ?? AuditChain.GenesisHash.ToArray();
        var expected = (checkpoint?.Sequence ?? 0) + 1;
        var verified = 0L;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {SqliteAuditFilter.EventColumns}, request_id, trace_id FROM audit_events WHERE tenant_id = $tenant ORDER BY sequence";
        command.Parameters.AddWithValue("$tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hash = new byte[AuditChain.HashSize];
        while (await reader.ReadAsync(cancellationToken))
        {
            var stored = SqliteAuditFilter.ReadEvent(reader);
            string? failure = null;
            if (stored.Sequence != expected)
            {
                failure = $"sequence {expected} is missing (the next stored event is {stored.Sequence})";
            }
            else
            {
                AuditChain.ComputeHash(previous, stored.Document.Span, hash);
                if (!hash.AsSpan().SequenceEqual(stored.Hash.Span))
                {
                    failure = "the stored hash does not match the document and the previous hash";
                }
                else
                {
                    failure = AuditColumnCheck.FindMismatch(stored, reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetString(13));
                }
            }

            if (failure is not null)
            {
                return new ChainVerification(false, verified, expected, failure, expected - 1, previous, checkpoint);
            }

            (previous, hash) = (hash, previous);
            verified++;
            expected++;
        }

        return new ChainVerification(true, verified, null, null, expected - 1, previous, checkpoint);
    }

    /// <inheritdoc />
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        if (_writer is not { IsRunning: true })
        {
            return false;
        }

        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
            return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>Commits what is queued, then closes the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_writer is { } writer)
        {
            _writer = null;
            await writer.DisposeAsync();
        }

        // Pooled reader connections keep the file open; release this store's, not the whole process's.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private SqliteAuditWriter Writer => _writer ?? throw new InvalidOperationException("The store is not initialised; call InitializeAsync first.");

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task<List<AuditEvent>> ReadAllAsync(SqliteCommand command, int max, CancellationToken cancellationToken)
    {
        var items = new List<AuditEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (items.Count < max && await reader.ReadAsync(cancellationToken))
        {
            items.Add(SqliteAuditFilter.ReadEvent(reader));
        }

        return items;
    }

    private static async Task<List<KeyValuePair<string, long>>> GroupAsync(SqliteConnection connection, string tenantId, AuditEventFilter filter, string column, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {column}, COUNT(*) AS n FROM audit_events");
        SqliteAuditFilter.AppendWhere(sql, command, tenantId, filter);
        sql.Append($" GROUP BY {column} ORDER BY n DESC, {column} LIMIT {MaxGroups}");
        command.CommandText = sql.ToString();
        var groups = new List<KeyValuePair<string, long>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new(reader.GetString(0), reader.GetInt64(1)));
        }

        return groups;
    }

    private static async Task<ChainCheckpoint?> LatestCheckpointAsync(SqliteConnection connection, string tenantId, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT sequence, hash, created_at FROM audit_chain_checkpoints WHERE tenant_id = $tenant ORDER BY sequence DESC LIMIT 1";
        command.Parameters.AddWithValue("$tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ChainCheckpoint(reader.GetInt64(0), (byte[])reader.GetValue(1), SqliteTime.FromMicroseconds(reader.GetInt64(2)))
            : null;
    }

    private const int MaxGroups = 1000;

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Opened audit store {Path}: applied {Applied} migration(s), schema version {Version}.")]
    private static partial void LogOpened(ILogger logger, string path, int applied, int version);
}
