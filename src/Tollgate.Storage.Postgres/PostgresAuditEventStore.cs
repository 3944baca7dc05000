using System.Data;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Tollgate.Core.Audit;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// The scale-out audit store. Every append is one transaction that takes the tenant's row in
/// <c>audit_chain_heads</c> with <c>SELECT … FOR UPDATE</c>, so appends to one tenant are serialised across every
/// writer in every process and the chain stays gap-free; appends to different tenants run in parallel. Event rows go in
/// with binary COPY. The database must be migrated first (<see cref="PostgresMigrator"/>; the host does it through
/// <c>AddTollgatePostgresStorage</c>).
/// </summary>
/// <remarks>
/// Thread-safe. PostgreSQL cannot enforce uniqueness of (tenant, id) across the time partitions, so the writer checks
/// it, under the tenant's lock, for every event that carries an idempotency key: those are the only events whose id
/// the client chose. Ids the server assigned are fresh UUIDv7s and are not looked up, which keeps the hot path free of
/// one index probe per event per partition.
/// </remarks>
public sealed class PostgresAuditEventStore : IAuditEventStore
{
    private const string CopyEvents = """
        COPY audit_events (tenant_id, sequence, id, timestamp, received_at, user_id, event_type, src_service,
            target, request_id, trace_id, amends, document, hash) FROM STDIN (FORMAT BINARY)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresStoreOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store on a data source it does not own.</summary>
    public PostgresAuditEventStore(NpgsqlDataSource dataSource, IOptions<PostgresStoreOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _dataSource = dataSource;
        _options = options.Value;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditAppendResult>> AppendAsync(string tenantId, IReadOnlyList<NewAuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            if (!string.Equals(e.TenantId, tenantId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Event {e.Id} was read for tenant '{e.TenantId}', not '{tenantId}'.", nameof(events));
            }
        }

        if (events.Count == 0)
        {
            return [];
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var head = await LockHeadAsync(connection, tenantId, cancellationToken);
        var (storedKeys, takenIds) = await FindKeysAndIdsAsync(connection, tenantId, events, cancellationToken);

        var results = new AuditAppendResult[events.Count];
        var rows = new List<(NewAuditEvent Event, long Sequence, byte[] Hash)>(events.Count);
        var newKeys = new List<(string Key, Guid Id, long Sequence, byte[] Digest)>();
        var batchIds = new HashSet<Guid>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.IdempotencyKey is { } key && storedKeys.TryGetValue(key, out var existing))
            {
                if (!existing.Digest.AsSpan().SequenceEqual(e.RequestDigest.Span))
                {
                    throw new IdempotencyConflictException(i, key);
                }

                results[i] = new AuditAppendResult(existing.Id, existing.Sequence, Replayed: true);
                continue;
            }

            if (takenIds.Contains(e.Id) || !batchIds.Add(e.Id))
            {
                throw new IdempotencyConflictException(i, e.IdempotencyKey ?? e.Id.ToString("D"));
            }

            var sequence = head.Sequence + 1;
            var hash = AuditChain.ComputeHash(head.Hash, e.Document.Span);
            rows.Add((e, sequence, hash));
            if (e.IdempotencyKey is { } newKey)
            {
                var digest = e.RequestDigest.ToArray();
                storedKeys[newKey] = (e.Id, sequence, digest);
                newKeys.Add((newKey, e.Id, sequence, digest));
            }

            head = new ChainHead(sequence, hash);
            results[i] = new AuditAppendResult(e.Id, sequence, Replayed: false);
        }

        if (rows.Count > 0)
        {
            await CopyEventsAsync(connection, tenantId, rows, cancellationToken);
            await SaveKeysAndHeadAsync(connection, tenantId, newKeys, head, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    /// <inheritdoc />
    public async Task<AuditEvent?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {PostgresAuditFilter.EventColumns} FROM audit_events WHERE tenant_id = $1 AND id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PostgresAuditFilter.ReadEvent(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEvent>> GetAmendmentsAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {PostgresAuditFilter.EventColumns} FROM audit_events WHERE tenant_id = $1 AND amends = $2 ORDER BY sequence");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        return await ReadAllAsync(command, int.MaxValue, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AuditEventPage> QueryAsync(string tenantId, AuditEventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, AuditEventQuery.MaxLimit);
        await using var command = _dataSource.CreateCommand();
        var parameters = command.Parameters;
        var sql = new StringBuilder($"SELECT {PostgresAuditFilter.EventColumns} FROM audit_events");
        PostgresAuditFilter.AppendWhere(sql, parameters, tenantId, query.Filter);
        var descending = query.Order == AuditSortOrder.Descending;
        if (query.After is { } after)
        {
            var timestamp = PostgresAuditFilter.Add(parameters, after.Timestamp.ToUniversalTime());
            var sequence = PostgresAuditFilter.Add(parameters, after.Sequence);
            sql.Append(descending ? " AND (timestamp, sequence) < (" : " AND (timestamp, sequence) > (").Append(timestamp).Append(", ").Append(sequence).Append(')');
        }

        sql.Append(descending ? " ORDER BY timestamp DESC, sequence DESC" : " ORDER BY timestamp, sequence");
        sql.Append(" LIMIT ").Append(PostgresAuditFilter.Add(parameters, query.Limit + 1));
        if (query.After is null && query.Offset > 0)
        {
            sql.Append(" OFFSET ").Append(PostgresAuditFilter.Add(parameters, query.Offset));
        }

        command.CommandText = sql.ToString();
        return AuditEventPage.FromProbe(await ReadAllAsync(command, query.Limit + 1, cancellationToken), query.Limit);
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(string tenantId, AuditEventFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder("SELECT COUNT(*) FROM audit_events");
        PostgresAuditFilter.AppendWhere(sql, command.Parameters, tenantId, filter);
        command.CommandText = sql.ToString();
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc />
    public async Task<AuditStats> GetStatsAsync(string tenantId, AuditEventFilter filter, AuditStatsInterval interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var byType = await GroupAsync(connection, tenantId, filter, "event_type", cancellationToken);
        var byService = await GroupAsync(connection, tenantId, filter, "src_service", cancellationToken);
        var total = 0L;
        var overTime = new List<KeyValuePair<DateTimeOffset, long>>();
        await using (var command = new NpgsqlCommand(null, connection))
        {
            // date_bin counts whole strides from the Unix epoch, so hours and days are UTC whatever the session's zone.
            var stride = interval == AuditStatsInterval.Hour ? "1 hour" : "1 day";
            var sql = new StringBuilder($"SELECT date_bin('{stride}', timestamp, timestamptz '1970-01-01 00:00:00+00') AS bucket, COUNT(*) FROM audit_events");
            PostgresAuditFilter.AppendWhere(sql, command.Parameters, tenantId, filter);
            sql.Append(" GROUP BY bucket ORDER BY bucket");
            command.CommandText = sql.ToString();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var count = reader.GetInt64(1);
                total += count;
                overTime.Add(new(reader.GetFieldValue<DateTimeOffset>(0), count));
            }
        }

        return new AuditStats(total, byType, byService, overTime);
    }

    /// <inheritdoc />
    public async Task<RetentionResult> DeleteReceivedBeforeAsync(string tenantId, DateTimeOffset receivedBefore, CancellationToken cancellationToken)
    {
        long deleted = 0;
        (int Deleted, bool More) chunk;
        do
        {
            // Each chunk is its own transaction, so appends interleave with a large retention run.
            chunk = await DeleteChunkAsync(tenantId, receivedBefore.ToUniversalTime(), cancellationToken);
            deleted += chunk.Deleted;
        }
        while (chunk.More && !cancellationToken.IsCancellationRequested);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return new RetentionResult(deleted, await LatestCheckpointAsync(connection, tenantId, cancellationToken));
    }

    /// <inheritdoc />
    public async Task<ChainVerification> VerifyChainAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);

        // One snapshot: the checkpoint and the events are seen at the same instant, even while retention runs. The
        // events stream from the server row by row; only the previous hash is kept.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var checkpoint = await LatestCheckpointAsync(connection, tenantId, cancellationToken);
        var previous = checkpoint?.Hash.ToArray() ?? AuditChain.GenesisHash.ToArray();
        var expected = (checkpoint?.Sequence ?? 0) + 1;
        var verified = 0L;
        await using var command = new NpgsqlCommand($"SELECT {PostgresAuditFilter.EventColumns}, request_id, trace_id FROM audit_events WHERE tenant_id = $1 ORDER BY sequence", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        var hash = new byte[AuditChain.HashSize];
        while (await reader.ReadAsync(cancellationToken))
        {
            var stored = PostgresAuditFilter.ReadEvent(reader);
            var requestId = await reader.IsDBNullAsync(12, cancellationToken) ? null : reader.GetString(12);
            var traceId = await reader.IsDBNullAsync(13, cancellationToken) ? null : reader.GetString(13);
            string? failure;
            if (stored.Sequence != expected)
            {
                failure = $"sequence {expected} is missing (the next stored event is {stored.Sequence})";
            }
            else
            {
                AuditChain.ComputeHash(previous, stored.Document.Span, hash);
                failure = hash.AsSpan().SequenceEqual(stored.Hash.Span)
                    ? AuditColumnCheck.FindMismatch(stored, requestId, traceId)
                    : "the stored hash does not match the document and the previous hash";
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
    /// <remarks>A cheap <c>SELECT 1</c> bounded by <see cref="PostgresStoreOptions.ReadinessTimeout"/>; false, never an exception, when the server does not answer.</remarks>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ReadinessTimeout);
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT 1");
            return (int)(await command.ExecuteScalarAsync(timeout.Token))! == 1;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The idle pooled connections are most likely broken too (a restarted server forgets them): dropping them
            // now lets the first requests after recovery open fresh ones instead of failing one by one.
            _dataSource.Clear();
            return false;
        }
    }

    private static async Task<ChainHead> LockHeadAsync(NpgsqlConnection connection, string tenantId, CancellationToken cancellationToken)
    {
        if (await SelectHeadForUpdateAsync(connection, tenantId, cancellationToken) is { } head)
        {
            return head;
        }

        // A tenant's first append: create its head row (a concurrent first append waits here for ours to commit),
        // then lock it like every later append does.
        await using (var insert = new NpgsqlCommand("INSERT INTO audit_chain_heads (tenant_id, sequence, hash) VALUES ($1, 0, $2) ON CONFLICT (tenant_id) DO NOTHING", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = AuditChain.GenesisHash.ToArray() });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return await SelectHeadForUpdateAsync(connection, tenantId, cancellationToken)
            ?? throw new InvalidOperationException($"The chain head of tenant '{tenantId}' vanished while it was being created.");
    }

    private static async Task<ChainHead?> SelectHeadForUpdateAsync(NpgsqlConnection connection, string tenantId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT sequence, hash FROM audit_chain_heads WHERE tenant_id = $1 FOR UPDATE", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ChainHead(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1))
            : null;
    }

    /// <summary>The stored idempotency keys among the batch's, and which of its keyed events' ids are already taken.</summary>
    private static async Task<(Dictionary<string, (Guid Id, long Sequence, byte[] Digest)> Keys, HashSet<Guid> TakenIds)> FindKeysAndIdsAsync(
        NpgsqlConnection connection, string tenantId, IReadOnlyList<NewAuditEvent> events, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<string, (Guid, long, byte[])>(StringComparer.Ordinal);
        var taken = new HashSet<Guid>();
        var keyed = events.Where(e => e.IdempotencyKey is not null).ToList();
        if (keyed.Count == 0)
        {
            return (keys, taken);
        }

        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT idempotency_key, event_id, sequence, request_digest FROM audit_idempotency_keys WHERE tenant_id = $1 AND idempotency_key = ANY($2)")
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string> { TypedValue = tenantId },
                        new NpgsqlParameter<string[]> { TypedValue = [.. keyed.Select(e => e.IdempotencyKey!).Distinct(StringComparer.Ordinal)] },
                    },
                },
                new NpgsqlBatchCommand("SELECT id FROM audit_events WHERE tenant_id = $1 AND id = ANY($2)")
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string> { TypedValue = tenantId },
                        new NpgsqlParameter<Guid[]> { TypedValue = [.. keyed.Select(e => e.Id).Distinct()] },
                    },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys[reader.GetString(0)] = (reader.GetGuid(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            taken.Add(reader.GetGuid(0));
        }

        return (keys, taken);
    }

    /// <summary>Writes chained rows of one tenant with binary COPY, inside the caller's transaction (also RAW's writer in the scale-out benchmark).</summary>
    internal static async Task CopyEventsAsync(NpgsqlConnection connection, string tenantId, List<(NewAuditEvent Event, long Sequence, byte[] Hash)> rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(CopyEvents, cancellationToken);
        foreach (var (e, sequence, hash) in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(tenantId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(sequence, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(e.Id, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(e.Timestamp.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(e.ReceivedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(e.UserId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(e.EventType, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(e.SrcService, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, e.Target, cancellationToken);
            await WriteNullableAsync(importer, e.RequestId, cancellationToken);
            await WriteNullableAsync(importer, e.TraceId, cancellationToken);
            if (e.Amends is { } amends)
            {
                await importer.WriteAsync(amends, NpgsqlDbType.Uuid, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            await importer.WriteAsync(e.Document, NpgsqlDbType.Bytea, cancellationToken);
            await importer.WriteAsync(hash, NpgsqlDbType.Bytea, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }

    private static async Task SaveKeysAndHeadAsync(NpgsqlConnection connection, string tenantId, List<(string Key, Guid Id, long Sequence, byte[] Digest)> keys, ChainHead head, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        if (keys.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO audit_idempotency_keys (tenant_id, idempotency_key, event_id, sequence, request_digest)
                SELECT $1, k.key, k.id, k.sequence, k.digest FROM unnest($2::text[], $3::uuid[], $4::bigint[], $5::bytea[]) AS k(key, id, sequence, digest)
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<string> { TypedValue = tenantId },
                    new NpgsqlParameter<string[]> { TypedValue = [.. keys.Select(k => k.Key)] },
                    new NpgsqlParameter<Guid[]> { TypedValue = [.. keys.Select(k => k.Id)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. keys.Select(k => k.Sequence)] },
                    new NpgsqlParameter<byte[][]> { TypedValue = [.. keys.Select(k => k.Digest)] },
                },
            });
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE audit_chain_heads SET sequence = $2, hash = $3 WHERE tenant_id = $1")
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = tenantId },
                new NpgsqlParameter<long> { TypedValue = head.Sequence },
                new NpgsqlParameter<byte[]> { TypedValue = head.Hash },
            },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<(int Deleted, bool More)> DeleteChunkAsync(string tenantId, DateTimeOffset receivedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The head lock serialises retention with appends and with other retention runs of the tenant; no head row
        // means nothing was ever appended.
        if (await SelectHeadForUpdateAsync(connection, tenantId, cancellationToken) is null)
        {
            return (0, false);
        }

        // The chunk is the chain prefix: from the oldest remaining event, up to the chunk size, stopping before the
        // first event received at or after the cutoff. Walking by sequence keeps what remains contiguous.
        long last = 0;
        byte[]? lastHash = null;
        var deletable = 0;
        var reachedCutoff = false;
        await using (var find = new NpgsqlCommand("SELECT sequence, received_at, hash FROM audit_events WHERE tenant_id = $1 ORDER BY sequence LIMIT $2", connection))
        {
            find.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            find.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.RetentionChunkSize });
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetFieldValue<DateTimeOffset>(1) >= receivedBefore)
                {
                    reachedCutoff = true;
                    break;
                }

                deletable++;
                last = reader.GetInt64(0);
                lastHash = reader.GetFieldValue<byte[]>(2);
            }
        }

        if (lastHash is null)
        {
            return (0, false);
        }

        await using (var delete = new NpgsqlBatch(connection))
        {
            delete.BatchCommands.Add(Command("DELETE FROM audit_events WHERE tenant_id = $1 AND sequence <= $2", tenantId, last));
            delete.BatchCommands.Add(Command("DELETE FROM audit_idempotency_keys WHERE tenant_id = $1 AND sequence <= $2", tenantId, last));
            var checkpoint = Command(
                """
                INSERT INTO audit_chain_checkpoints (tenant_id, sequence, hash, created_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (tenant_id, sequence) DO UPDATE SET hash = EXCLUDED.hash, created_at = EXCLUDED.created_at
                """,
                tenantId,
                last);
            checkpoint.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = lastHash });
            checkpoint.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = Core.UtcMicroseconds.Now(_timeProvider) });
            delete.BatchCommands.Add(checkpoint);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (deletable, !reachedCutoff && deletable == _options.RetentionChunkSize);

        static NpgsqlBatchCommand Command(string sql, string tenantId, long sequence) => new(sql)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = tenantId },
                new NpgsqlParameter<long> { TypedValue = sequence },
            },
        };
    }

    private static async Task<ChainCheckpoint?> LatestCheckpointAsync(NpgsqlConnection connection, string tenantId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT sequence, hash, created_at FROM audit_chain_checkpoints WHERE tenant_id = $1 ORDER BY sequence DESC LIMIT 1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ChainCheckpoint(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    private static async Task<List<AuditEvent>> ReadAllAsync(NpgsqlCommand command, int max, CancellationToken cancellationToken)
    {
        var items = new List<AuditEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (items.Count < max && await reader.ReadAsync(cancellationToken))
        {
            items.Add(PostgresAuditFilter.ReadEvent(reader));
        }

        return items;
    }

    private static async Task<List<KeyValuePair<string, long>>> GroupAsync(NpgsqlConnection connection, string tenantId, AuditEventFilter filter, string column, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(null, connection);
        var sql = new StringBuilder($"SELECT {column}, COUNT(*) AS n FROM audit_events");
        PostgresAuditFilter.AppendWhere(sql, command.Parameters, tenantId, filter);

        // Ties break by code point (COLLATE "C"), as SQLite's binary collation does, whatever the database's collation.
        sql.Append($" GROUP BY {column} ORDER BY n DESC, {column} COLLATE \"C\" LIMIT {MaxGroups}");
        command.CommandText = sql.ToString();
        var groups = new List<KeyValuePair<string, long>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new(reader.GetString(0), reader.GetInt64(1)));
        }

        return groups;
    }

    private const int MaxGroups = 1000;

    private readonly record struct ChainHead(long Sequence, byte[] Hash);
}
