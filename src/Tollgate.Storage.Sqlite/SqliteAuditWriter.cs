using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Audit;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// The single writer of the embedded store. Callers enqueue commands; one loop drains as many as are waiting (up
/// to <see cref="SqliteStoreOptions.MaxBatchEvents"/> events) into one transaction and commits once, so concurrent
/// writers share an fsync (group commit). Each command runs under its own savepoint: a command that fails rolls
/// back alone, the others still commit. A command completes only after the commit that contains it.
/// </summary>
/// <remarks>
/// Owns the writer connection and the in-memory chain heads (last sequence and hash per tenant), which only this
/// loop touches, so no locks are needed.
/// </remarks>
internal sealed partial class SqliteAuditWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<WriteCommand> _commands;
    private readonly Dictionary<string, ChainHead> _heads = new(StringComparer.Ordinal);
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _findByKey;
    private readonly Task _loop;

    public SqliteAuditWriter(SqliteConnection connection, SqliteStoreOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _connection = connection;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _commands = Channel.CreateBounded<WriteCommand>(new BoundedChannelOptions(options.MaxPendingWrites)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        _insert = connection.CreateCommand();
        _insert.CommandText = """
            INSERT INTO audit_events (tenant_id, sequence, id, timestamp, received_at, user_id, event_type, src_service,
                target, request_id, trace_id, amends, idempotency_key, request_digest, document, hash)
            VALUES ($tenant, $sequence, $id, $timestamp, $received, $user, $type, $service,
                $target, $request, $trace, $amends, $key, $digest, $document, $hash)
            """;
        foreach (var name in new[] { "$tenant", "$sequence", "$id", "$timestamp", "$received", "$user", "$type", "$service", "$target", "$request", "$trace", "$amends", "$key", "$digest", "$document", "$hash" })
        {
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _findByKey = connection.CreateCommand();
        _findByKey.CommandText = "SELECT id, sequence, request_digest FROM audit_events WHERE tenant_id = $tenant AND idempotency_key = $key";
        _findByKey.Parameters.Add(new SqliteParameter { ParameterName = "$tenant" });
        _findByKey.Parameters.Add(new SqliteParameter { ParameterName = "$key" });

        _loop = Task.Run(RunAsync);
    }

    /// <summary>True while the loop runs.</summary>
    public bool IsRunning => !_loop.IsCompleted;

    public async Task<IReadOnlyList<AuditAppendResult>> AppendAsync(string tenantId, IReadOnlyList<NewAuditEvent> events, CancellationToken cancellationToken)
    {
        var command = new AppendCommand(tenantId, events);
        await EnqueueAsync(command, cancellationToken);
        return await command.Completion.Task;
    }

    public async Task<RetentionChunkResult> DeleteChunkAsync(string tenantId, long receivedBeforeMicros, CancellationToken cancellationToken)
    {
        var command = new RetentionCommand(tenantId, receivedBeforeMicros);
        await EnqueueAsync(command, cancellationToken);
        return await command.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _commands.Writer.TryComplete();
        await _loop;
        await _insert.DisposeAsync();
        await _findByKey.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private async ValueTask EnqueueAsync(WriteCommand command, CancellationToken cancellationToken)
    {
        // Once enqueued a command is committed even if the caller gives up: accepted data is never dropped.
        if (!_commands.Writer.TryWrite(command))
        {
            try
            {
                await _commands.Writer.WriteAsync(command, cancellationToken);
            }
            catch (ChannelClosedException ex)
            {
                throw new ObjectDisposedException("The store is shutting down.", ex);
            }
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteCommand>();
        var reader = _commands.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            var events = 0;
            while (events < _options.MaxBatchEvents && reader.TryRead(out var command))
            {
                batch.Add(command);
                events += command.Weight;
            }

            await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<WriteCommand> batch)
    {
        SqliteTransaction? transaction = null;
        try
        {
            transaction = _connection.BeginTransaction(deferred: false);
            _insert.Transaction = transaction;
            _findByKey.Transaction = transaction;
            foreach (var command in batch)
            {
                var saved = _heads.TryGetValue(command.TenantId, out var head) ? head : (ChainHead?)null;
                transaction.Save("command");
                try
                {
                    command.Execute(this, transaction);
                    transaction.Release("command");
                }
                catch (Exception ex) when (ex is IdempotencyConflictException or SqliteException)
                {
                    transaction.Rollback("command");
                    transaction.Release("command");
                    RestoreHead(command.TenantId, saved);
                    command.Fail(ex);
                }
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            LogCommitFailed(_logger, ex, batch.Count);
            try
            {
                transaction?.Rollback();
            }
            catch (SqliteException)
            {
                // The connection already rolled back; the heads are reloaded below either way.
            }

            _heads.Clear();
            foreach (var command in batch)
            {
                command.Fail(ex);
            }

            return;
        }
        finally
        {
            transaction?.Dispose();
        }

        foreach (var command in batch)
        {
            command.Succeed();
        }
    }

    private void RestoreHead(string tenantId, ChainHead? saved)
    {
        if (saved is { } head)
        {
            _heads[tenantId] = head;
        }
        else
        {
            _heads.Remove(tenantId);
        }
    }

    private ChainHead GetHead(string tenantId, SqliteTransaction transaction)
    {
        if (_heads.TryGetValue(tenantId, out var head))
        {
            return head;
        }

        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT sequence, hash FROM audit_events WHERE tenant_id = $tenant
            UNION ALL
            SELECT sequence, hash FROM audit_chain_checkpoints WHERE tenant_id = $tenant
            ORDER BY sequence DESC LIMIT 1
            """;
        command.Parameters.AddWithValue("$tenant", tenantId);
        using var reader = command.ExecuteReader();
        head = reader.Read()
            ? new ChainHead(reader.GetInt64(0), (byte[])reader.GetValue(1))
            : new ChainHead(0, AuditChain.GenesisHash.ToArray());
        _heads[tenantId] = head;
        return head;
    }

    private List<AuditAppendResult> Append(string tenantId, IReadOnlyList<NewAuditEvent> events, SqliteTransaction transaction)
    {
        var results = new List<AuditAppendResult>(events.Count);
        var head = GetHead(tenantId, transaction);
        var p = _insert.Parameters;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.IdempotencyKey is { } key && FindByKey(tenantId, key) is { } existing)
            {
                if (!existing.Digest.AsSpan().SequenceEqual(e.RequestDigest.Span))
                {
                    throw new IdempotencyConflictException(i, key);
                }

                results.Add(new AuditAppendResult(existing.Id, existing.Sequence, Replayed: true));
                continue;
            }

            var sequence = head.Sequence + 1;
            var hash = AuditChain.ComputeHash(head.Hash, e.Document.Span);
            p[0].Value = tenantId;
            p[1].Value = sequence;
            p[2].Value = e.Id.ToByteArray(bigEndian: true);
            p[3].Value = SqliteTime.ToMicroseconds(e.Timestamp);
            p[4].Value = SqliteTime.ToMicroseconds(e.ReceivedAt);
            p[5].Value = e.UserId;
            p[6].Value = e.EventType;
            p[7].Value = e.SrcService;
            p[8].Value = (object?)e.Target ?? DBNull.Value;
            p[9].Value = (object?)e.RequestId ?? DBNull.Value;
            p[10].Value = (object?)e.TraceId ?? DBNull.Value;
            p[11].Value = e.Amends is { } amends ? amends.ToByteArray(bigEndian: true) : DBNull.Value;
            p[12].Value = (object?)e.IdempotencyKey ?? DBNull.Value;
            p[13].Value = e.IdempotencyKey is null ? DBNull.Value : e.RequestDigest.ToArray();
            p[14].Value = e.Document.ToArray();
            p[15].Value = hash;
            try
            {
                _insert.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
            {
                // The only unique keys left are the event id and the idempotency key: the id is taken by another event.
                throw new IdempotencyConflictException(i, e.IdempotencyKey ?? e.Id.ToString("D"));
            }

            head = new ChainHead(sequence, hash);
            _heads[tenantId] = head;
            results.Add(new AuditAppendResult(e.Id, sequence, Replayed: false));
        }

        return results;
    }

    private (Guid Id, long Sequence, byte[] Digest)? FindByKey(string tenantId, string key)
    {
        _findByKey.Parameters[0].Value = tenantId;
        _findByKey.Parameters[1].Value = key;
        using var reader = _findByKey.ExecuteReader();
        return reader.Read()
            ? (new Guid((byte[])reader.GetValue(0), bigEndian: true), reader.GetInt64(1), reader.IsDBNull(2) ? [] : (byte[])reader.GetValue(2))
            : null;
    }

    private RetentionChunkResult DeleteChunk(string tenantId, long receivedBeforeMicros, SqliteTransaction transaction)
    {
        using var find = _connection.CreateCommand();
        find.Transaction = transaction;
        find.Parameters.AddWithValue("$tenant", tenantId);
        find.Parameters.AddWithValue("$before", receivedBeforeMicros);
        find.Parameters.AddWithValue("$chunk", _options.RetentionChunkSize);

        // The chunk is the chain prefix: from the oldest remaining event, up to the chunk size, stopping before the
        // first event received at or after the cutoff. Walking by sequence keeps what remains contiguous.
        find.CommandText = """
            SELECT sequence, received_at, hash FROM audit_events
            WHERE tenant_id = $tenant ORDER BY sequence LIMIT $chunk
            """;
        long last = 0;
        byte[]? lastHash = null;
        var deletable = 0;
        var reachedCutoff = false;
        using (var reader = find.ExecuteReader())
        {
            while (reader.Read())
            {
                if (reader.GetInt64(1) >= receivedBeforeMicros)
                {
                    reachedCutoff = true;
                    break;
                }

                deletable++;
                last = reader.GetInt64(0);
                lastHash = (byte[])reader.GetValue(2);
            }
        }

        if (lastHash is null)
        {
            return new RetentionChunkResult(0, More: false);
        }

        using var delete = _connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = """
            DELETE FROM audit_events WHERE tenant_id = $tenant AND sequence <= $last;
            INSERT OR REPLACE INTO audit_chain_checkpoints (tenant_id, sequence, hash, created_at) VALUES ($tenant, $last, $hash, $now);
            """;
        delete.Parameters.AddWithValue("$tenant", tenantId);
        delete.Parameters.AddWithValue("$last", last);
        delete.Parameters.AddWithValue("$hash", lastHash);
        delete.Parameters.AddWithValue("$now", SqliteTime.ToMicroseconds(_timeProvider.GetUtcNow()));
        delete.ExecuteNonQuery();
        return new RetentionChunkResult(deletable, More: !reachedCutoff && deletable == _options.RetentionChunkSize);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Group commit of {Commands} write commands failed; they were rolled back and their callers told.")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, int commands);

    private readonly record struct ChainHead(long Sequence, byte[] Hash);

    private abstract class WriteCommand(string tenantId)
    {
        public string TenantId { get; } = tenantId;

        public abstract int Weight { get; }

        public abstract void Execute(SqliteAuditWriter writer, SqliteTransaction transaction);

        public abstract void Succeed();

        public abstract void Fail(Exception exception);
    }

    private sealed class AppendCommand(string tenantId, IReadOnlyList<NewAuditEvent> events) : WriteCommand(tenantId)
    {
        private List<AuditAppendResult>? _results;

        public TaskCompletionSource<IReadOnlyList<AuditAppendResult>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override int Weight => Math.Max(1, events.Count);

        public override void Execute(SqliteAuditWriter writer, SqliteTransaction transaction) =>
            _results = writer.Append(TenantId, events, transaction);

        public override void Succeed()
        {
            if (_results is not null)
            {
                Completion.TrySetResult(_results);
            }
        }

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    private sealed class RetentionCommand(string tenantId, long receivedBeforeMicros) : WriteCommand(tenantId)
    {
        private RetentionChunkResult? _result;

        public TaskCompletionSource<RetentionChunkResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override int Weight => 1;

        public override void Execute(SqliteAuditWriter writer, SqliteTransaction transaction) =>
            _result = writer.DeleteChunk(TenantId, receivedBeforeMicros, transaction);

        public override void Succeed()
        {
            if (_result is { } result)
            {
                Completion.TrySetResult(result);
            }
        }

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }
}
