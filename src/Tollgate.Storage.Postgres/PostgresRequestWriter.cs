using System.Buffers;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Writes a batch of request records in one transaction: binary COPY into a temporary staging table, then one
/// statement that inserts the rows whose (id, timestamp) is not stored yet and the details of exactly those rows, and
/// yields the ones it inserted. A redelivered batch therefore changes nothing, and concurrent writers of the same
/// record store it once (the second waits on the first's index entry, then skips). With rollups on, exactly the
/// inserted records are counted into rollup cells, appended to <c>request_rollup_deltas</c> by a second binary COPY in
/// the same transaction: rollups count a record exactly when its row is stored, and no row of another writer is ever
/// locked or waited for (<see cref="PostgresRollupCompactor"/> folds the deltas later).
/// </summary>
/// <remarks>
/// Each call takes its own pooled connection, so concurrent calls run in parallel. Per batch it allocates one staging
/// buffer and one JSON writer, reused for every header list and body of the batch, and with rollups one cell per
/// touched key.
/// </remarks>
internal static class PostgresRequestWriter
{
    // LIKE keeps the staging columns in step with requests; the detail columns follow. ON COMMIT DROP: nothing is left
    // behind on the pooled connection, whether the batch commits or rolls back.
    private const string CreateStaging = """
        CREATE TEMP TABLE request_staging (
            LIKE requests,
            request_truncated     boolean,
            response_truncated    boolean,
            request_headers       jsonb,
            response_headers      jsonb,
            request_content_type  text,
            request_body          bytea,
            response_content_type text,
            response_body         bytea
        ) ON COMMIT DROP
        """;

    private const string RecordColumns =
        "timestamp, duration_us, upstream_duration_us, request_bytes, response_bytes, id, status, has_detail, tenant_id, " +
        "service, route, method, route_template, path, query, client_ip, user_agent, principal, request_id, trace_id, " +
        "span_id, error";

    private const string DetailColumns =
        "request_truncated, response_truncated, request_headers, response_headers, request_content_type, request_body, " +
        "response_content_type, response_body";

    private const string Copy = $"COPY request_staging ({RecordColumns}, {DetailColumns}) FROM STDIN (FORMAT BINARY)";

    // RETURNING yields only the rows this statement inserted, so a detail is stored with its row or not at all, as in
    // the embedded store: a redelivery that now carries a detail does not add one to a row stored without. The same
    // rows are the statement's result, the records rollups count; the detail insert runs to completion as a
    // data-modifying CTE although nothing reads it.
    private const string Insert = $"""
        WITH inserted AS (
            INSERT INTO requests ({RecordColumns})
            SELECT {RecordColumns} FROM request_staging
            ON CONFLICT DO NOTHING
            RETURNING id, timestamp
        ), details AS (
            INSERT INTO request_details (timestamp, id, {DetailColumns})
            SELECT s.timestamp, s.id, s.request_truncated, s.response_truncated, s.request_headers, s.response_headers,
                s.request_content_type, s.request_body, s.response_content_type, s.response_body
            FROM request_staging AS s JOIN inserted AS i ON i.id = s.id AND i.timestamp = s.timestamp
            WHERE s.has_detail
        )
        SELECT id, timestamp FROM inserted
        """;

    private const string DeltaTable = "request_rollup_deltas";

    /// <summary>
    /// Stores <paramref name="records"/> (already validated) atomically; a record whose id came earlier in the same
    /// batch is left out, so the first version of a repeated id wins, as in the embedded store. With
    /// <paramref name="rollups"/>, the records stored are counted in rollup deltas in the same transaction. Returns
    /// once committed.
    /// </summary>
    public static async Task WriteAsync(NpgsqlDataSource dataSource, IReadOnlyList<RequestRecord> records, bool rollups, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(CreateStaging, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var staged = await CopyAsync(connection, records, cancellationToken);
        await using (var insert = new NpgsqlCommand(Insert, connection, transaction))
        {
            if (!rollups)
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            else if (await CountInsertedAsync(insert, records, staged, cancellationToken) is { Requests: > 0 } counted)
            {
                await PostgresRollupMapping.CopyAsync(connection, DeltaTable, counted.Cells, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Runs the insert and counts the records whose rows it inserted, bucketed by their stored timestamps.</summary>
    private static async Task<RequestRollups> CountInsertedAsync(
        NpgsqlCommand insert, IReadOnlyList<RequestRecord> records, Dictionary<Guid, RequestRecord>? staged, CancellationToken cancellationToken)
    {
        var rollups = new RequestRollups();
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var record = staged is null ? records[0] : staged[reader.GetGuid(0)];

            // Bucketed by the stored time, as a rebuild from the rows buckets it (the two differ only below a microsecond).
            var stored = reader.GetFieldValue<DateTimeOffset>(1);
            rollups.Add(record.Timestamp == stored ? record : record with { Timestamp = stored });
        }

        return rollups;
    }

    /// <summary>Copies the records into the staging table, each id once; returns the records copied by id (null for a batch of one).</summary>
    private static async Task<Dictionary<Guid, RequestRecord>?> CopyAsync(NpgsqlConnection connection, IReadOnlyList<RequestRecord> records, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        await using var json = PostgresRequestMapping.CreateHeaderWriter(buffer);
        var staged = records.Count > 1 ? new Dictionary<Guid, RequestRecord>(records.Count) : null;
        await using var importer = await connection.BeginBinaryImportAsync(Copy, cancellationToken);
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (staged is not null && !staged.TryAdd(r.Id, r))
            {
                continue;
            }

            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(PostgresStorable.Time(r.Timestamp), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(r.DurationMicroseconds, NpgsqlDbType.Bigint, cancellationToken);
            await WriteAsync(importer, r.UpstreamDurationMicroseconds, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(r.RequestBytes, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(r.ResponseBytes, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(r.Id, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(r.Status, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(r.Detail is not null, NpgsqlDbType.Boolean, cancellationToken);
            await WriteTextAsync(importer, r.TenantId, cancellationToken);
            await WriteTextAsync(importer, r.Service, cancellationToken);
            await WriteTextAsync(importer, r.Route, cancellationToken);
            await WriteTextAsync(importer, r.Method, cancellationToken);
            await WriteTextAsync(importer, r.RouteTemplate, cancellationToken);
            await WriteTextAsync(importer, r.Path, cancellationToken);
            await WriteTextAsync(importer, r.Query, cancellationToken);
            await WriteTextAsync(importer, r.ClientIp, cancellationToken);
            await WriteTextAsync(importer, r.UserAgent, cancellationToken);
            await WriteTextAsync(importer, r.Principal, cancellationToken);
            await WriteTextAsync(importer, r.RequestId, cancellationToken);
            await WriteTextAsync(importer, r.TraceId, cancellationToken);
            await WriteTextAsync(importer, r.SpanId, cancellationToken);
            await WriteTextAsync(importer, r.Error, cancellationToken);
            await WriteDetailAsync(importer, r.Detail, json, buffer, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
        return staged;
    }

    private static async Task WriteDetailAsync(NpgsqlBinaryImporter importer, RequestDetail? detail, Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        await WriteAsync(importer, detail?.RequestBody?.Truncated, NpgsqlDbType.Boolean, cancellationToken);
        await WriteAsync(importer, detail?.ResponseBody?.Truncated, NpgsqlDbType.Boolean, cancellationToken);
        if (detail is null)
        {
            for (var column = 0; column < 6; column++)
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            return;
        }

        // The buffer holds one value at a time: the importer has copied it by the time each write completes.
        await importer.WriteAsync(PostgresRequestMapping.WriteHeaders(detail.RequestHeaders, json, buffer), NpgsqlDbType.Jsonb, cancellationToken);
        await importer.WriteAsync(PostgresRequestMapping.WriteHeaders(detail.ResponseHeaders, json, buffer), NpgsqlDbType.Jsonb, cancellationToken);
        await WriteBodyAsync(importer, detail.RequestBody, buffer, cancellationToken);
        await WriteBodyAsync(importer, detail.ResponseBody, buffer, cancellationToken);
    }

    private static async Task WriteBodyAsync(NpgsqlBinaryImporter importer, CapturedBody? body, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        await WriteTextAsync(importer, body?.ContentType, cancellationToken);
        if (body is null)
        {
            await importer.WriteNullAsync(cancellationToken);
            return;
        }

        await importer.WriteAsync(PostgresRequestMapping.WriteBody(body.Text, buffer), NpgsqlDbType.Bytea, cancellationToken);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        PostgresStorable.Text(value) is { } text
            ? importer.WriteAsync(text, NpgsqlDbType.Text, cancellationToken)
            : importer.WriteNullAsync(cancellationToken);

    private static Task WriteAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } present ? importer.WriteAsync(present, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}
