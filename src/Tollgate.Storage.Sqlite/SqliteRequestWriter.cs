using System.Buffers;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// The request store's own writer connection: one transaction per batch, the two inserts prepared once and rebound for
/// every row, and the batch's rollups merged in the same transaction, so rollups and raw rows never disagree. Calls
/// (batches and the days of a rollup rebuild) are serialised by a semaphore (the capture writer is normally the only
/// caller, so it is rarely contended). It shares the file with the audit writer: WAL lets readers run alongside, and
/// the two writers take turns on SQLite's write lock through the busy timeout.
/// </summary>
internal sealed class SqliteRequestWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
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
    /// Inserts the batch in one transaction, skipping ids already stored, and merges the rollups of the records it
    /// inserted; returns once it is committed.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<RequestRecord> records, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();

            // BEGIN IMMEDIATE: take the write lock up front (waiting out the audit writer's commit through the busy
            // timeout) rather than failing half-way when a read transaction cannot be upgraded.
            using var transaction = _connection.BeginTransaction(deferred: false);
            _insertRecord.Transaction = transaction;
            _insertDetail.Transaction = transaction;
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];
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

            if (_rollups is { Requests: > 0 })
            {
                _rollupWriter.Write(_rollups, transaction);
            }

            transaction.Commit();
        }
        finally
        {
            // Committed or rolled back, the cells are done with: the next batch starts from none.
            _rollups?.Clear();
            _gate.Release();
        }
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
            await _rollupWriter.DisposeAsync();
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
}
