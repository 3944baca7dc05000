using System.Buffers;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// The request store's own writer connection: batches that arrive together are written in one transaction (group
/// commit), the two inserts prepared once and rebound for every row, and the rollups of the rows inserted merged in the
/// same transaction, so rollups and raw rows never disagree. Transactions (groups of batches and the days of a rollup
/// rebuild) are serialised by a semaphore. It shares the file with the audit writer: WAL lets readers run alongside, and
/// the two writers take turns on SQLite's write lock through the busy timeout.
/// </summary>
internal sealed class SqliteRequestWriter : IAsyncDisposable
{
    /// <summary>The most records one group transaction takes; a single larger batch still commits whole.</summary>
    internal const int MaxGroupRecords = 20_000;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<PendingWrite> _pending = [];
    private readonly SqliteCommand _insertRecord;
    private readonly SqliteCommand _insertDetail;
    private readonly ArrayBufferWriter<byte> _json = new(4096);
    private readonly SqliteRollupWriter _rollupWriter;

    // Reused for every batch; null when rollups are off, so a batch then does no rollup work at all.
    private readonly RequestRollups? _rollups;
    private bool _disposed;

    /// <summary>Prepares the statements on <paramref name="connection"/>, which the writer owns from now on.</summary>
    /// <param name="connection">An open connection on the migrated file.</param>
    /// <param name="rollups">Whether batches also merge their rollups (<see cref="RollupOptions.Rollups"/>).</param>
    public SqliteRequestWriter(SqliteConnection connection, bool rollups)
    {
        _connection = connection;
        _rollupWriter = new SqliteRollupWriter(connection);
        _rollups = rollups ? new RequestRollups() : null;
        _insertRecord = Prepare(
            """
            INSERT INTO requests (id, tenant_id, timestamp, service, route, method, route_template, path, query, status,
                duration_us, upstream_duration_us, request_bytes, response_bytes, client_ip, user_agent, principal,
                request_id, trace_id, span_id, error, has_detail)
            VALUES ($id, $tenant, $timestamp, $service, $route, $method, $template, $path, $query, $status,
                $duration, $upstream, $request_bytes, $response_bytes, $client_ip, $user_agent, $principal,
                $request_id, $trace_id, $span_id, $error, $has_detail)
            ON CONFLICT (id) DO NOTHING
            """,
            "$id", "$tenant", "$timestamp", "$service", "$route", "$method", "$template", "$path", "$query", "$status",
            "$duration", "$upstream", "$request_bytes", "$response_bytes", "$client_ip", "$user_agent", "$principal",
            "$request_id", "$trace_id", "$span_id", "$error", "$has_detail");
        _insertDetail = Prepare(
            """
            INSERT INTO request_details (id, request_headers, response_headers, request_content_type, request_body,
                request_truncated, response_content_type, response_body, response_truncated)
            VALUES ($id, $request_headers, $response_headers, $request_type, $request_body,
                $request_truncated, $response_type, $response_body, $response_truncated)
            ON CONFLICT (id) DO NOTHING
            """,
            "$id", "$request_headers", "$response_headers", "$request_type", "$request_body",
            "$request_truncated", "$response_type", "$response_body", "$response_truncated");
    }

    /// <summary>
    /// Inserts the batch, skipping ids already stored, and merges the rollups of the records it inserted; returns once
    /// it is committed. Batches that arrive while another commits wait and then go together in one transaction (group
    /// commit, up to <see cref="MaxGroupRecords"/> records): they share one fsync and, as concurrent batches hit the
    /// same endpoints and minutes, most of their rollup rows.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<RequestRecord> records, CancellationToken cancellationToken)
    {
        var write = new PendingWrite(records);
        lock (_pending)
        {
            _pending.Add(write);
        }

        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (_pending)
            {
                // Not taken into another caller's group yet: withdraw it. Taken: it is being written; wait for that.
                if (_pending.Remove(write))
                {
                    throw;
                }
            }

            await write.Done.Task;
            return;
        }

        try
        {
            if (_disposed)
            {
                lock (_pending)
                {
                    _pending.Remove(write);
                }

                throw new ObjectDisposedException(nameof(SqliteRequestWriter));
            }

            while (!write.Done.Task.IsCompleted)
            {
                WriteGroup(TakeGroup());
            }
        }
        finally
        {
            _gate.Release();
        }

        await write.Done.Task;
    }

    /// <summary>
    /// Replaces the rollups of one tenant's [<paramref name="from"/>, <paramref name="to"/>) (whole UTC days, so every
    /// bucket in it lies wholly inside) with those computed from its raw requests, in one transaction between batches:
    /// no batch can be counted in both the rows deleted and the rows read, or in neither.
    /// </summary>
    /// <returns>The raw requests read and the rollup rows written.</returns>
    public async Task<(long Requests, long Rows)> RebuildAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction(deferred: false);
            using (var delete = Command(SqliteRollupMapping.DeleteRangeSql, transaction, tenantId, from, to))
            {
                delete.ExecuteNonQuery();
            }

            // A fresh accumulator per call: a busy tenant's day is tens of thousands of cells, which the batch
            // accumulator would otherwise keep the capacity for.
            var rollups = new RequestRollups();
            using (var read = Command(SqliteRollupMapping.RawRequestsSql, transaction, tenantId, from, to))
            using (var reader = read.ExecuteReader())
            {
                while (reader.Read())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    rollups.Add(SqliteRollupMapping.ReadRawRequest(reader, tenantId));
                }
            }

            var rows = _rollupWriter.Write(rollups, transaction);
            transaction.Commit();
            return (rollups.Requests, rows);
        }
        finally
        {
            _gate.Release();
        }
    }

    private List<PendingWrite> TakeGroup()
    {
        lock (_pending)
        {
            var count = 0;
            var taken = 0;
            while (taken < _pending.Count && (taken == 0 || count + _pending[taken].Records.Count <= MaxGroupRecords))
            {
                count += _pending[taken].Records.Count;
                taken++;
            }

            var group = _pending.GetRange(0, taken);
            _pending.RemoveRange(0, taken);
            return group;
        }
    }

    // One transaction for the group. Should it fail, each batch is tried alone, so one batch the database refuses does
    // not fail the others that happened to share its transaction.
    private void WriteGroup(List<PendingWrite> group)
    {
        try
        {
            WriteTransaction(group);
            group.ForEach(w => w.Done.TrySetResult());
        }
        catch (Exception) when (group.Count > 1)
        {
            foreach (var write in group)
            {
                try
                {
                    WriteTransaction([write]);
                    write.Done.TrySetResult();
                }
                catch (Exception exception)
                {
                    write.Done.TrySetException(exception);
                }
            }
        }
        catch (Exception exception)
        {
            group[0].Done.TrySetException(exception);
        }
    }

    private void WriteTransaction(List<PendingWrite> group)
    {
        try
        {
            // BEGIN IMMEDIATE: take the write lock up front (waiting out the audit writer's commit through the busy
            // timeout) rather than failing half-way when a read transaction cannot be upgraded.
            using var transaction = _connection.BeginTransaction(deferred: false);
            _insertRecord.Transaction = transaction;
            _insertDetail.Transaction = transaction;
            foreach (var write in group)
            {
                foreach (var record in write.Records)
                {
                    BindRecord(record);

                    // A redelivered record changes nothing: its detail was stored and its rollups counted the first time.
                    if (_insertRecord.ExecuteNonQuery() != 1)
                    {
                        continue;
                    }

                    _rollups?.Add(record);
                    if (record.Detail is { } detail)
                    {
                        BindDetail(record.Id, detail);
                        _insertDetail.ExecuteNonQuery();
                    }
                }
            }

            if (_rollups is { Requests: > 0 })
            {
                _rollupWriter.Write(_rollups, transaction);
            }

            transaction.Commit();
        }
        finally
        {
            // Committed or rolled back, the cells are done with: the next transaction starts from none.
            _rollups?.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _insertRecord.DisposeAsync();
            await _insertDetail.DisposeAsync();
            _rollupWriter.Dispose();
            await _connection.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private SqliteCommand Command(string sql, SqliteTransaction transaction, string tenantId, DateTimeOffset from, DateTimeOffset to)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$from", SqliteTime.ToMicroseconds(from));
        command.Parameters.AddWithValue("$to", SqliteTime.ToMicroseconds(to));
        return command;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private void BindRecord(RequestRecord r)
    {
        var p = _insertRecord.Parameters;
        p[0].Value = r.Id.ToByteArray(bigEndian: true);
        p[1].Value = r.TenantId;
        p[2].Value = SqliteTime.ToMicroseconds(r.Timestamp);
        p[3].Value = r.Service;
        p[4].Value = (object?)r.Route ?? DBNull.Value;
        p[5].Value = r.Method;
        p[6].Value = (object?)r.RouteTemplate ?? DBNull.Value;
        p[7].Value = r.Path;
        p[8].Value = (object?)r.Query ?? DBNull.Value;
        p[9].Value = r.Status;
        p[10].Value = r.DurationMicroseconds;
        p[11].Value = r.UpstreamDurationMicroseconds is { } upstream ? (object)upstream : DBNull.Value;
        p[12].Value = r.RequestBytes;
        p[13].Value = r.ResponseBytes;
        p[14].Value = (object?)r.ClientIp ?? DBNull.Value;
        p[15].Value = (object?)r.UserAgent ?? DBNull.Value;
        p[16].Value = (object?)r.Principal ?? DBNull.Value;
        p[17].Value = (object?)r.RequestId ?? DBNull.Value;
        p[18].Value = (object?)r.TraceId ?? DBNull.Value;
        p[19].Value = (object?)r.SpanId ?? DBNull.Value;
        p[20].Value = (object?)r.Error ?? DBNull.Value;
        p[21].Value = r.Detail is null ? 0 : 1;
    }

    private void BindDetail(Guid id, RequestDetail detail)
    {
        var p = _insertDetail.Parameters;
        p[0].Value = id.ToByteArray(bigEndian: true);
        p[1].Value = SqliteRequestMapping.WriteHeaders(detail.RequestHeaders, _json);
        p[2].Value = SqliteRequestMapping.WriteHeaders(detail.ResponseHeaders, _json);
        BindBody(p, 3, detail.RequestBody);
        BindBody(p, 6, detail.ResponseBody);
    }

    private static void BindBody(SqliteParameterCollection p, int first, CapturedBody? body)
    {
        p[first].Value = (object?)body?.ContentType ?? DBNull.Value;
        p[first + 1].Value = (object?)body?.Text ?? DBNull.Value;
        p[first + 2].Value = body is null ? DBNull.Value : (object)(body.Truncated ? 1 : 0);
    }

    private sealed class PendingWrite(IReadOnlyList<RequestRecord> records)
    {
        public IReadOnlyList<RequestRecord> Records { get; } = records;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
