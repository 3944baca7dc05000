using System.Buffers;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Analytics;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// Merges <see cref="RequestRollups"/> into <c>request_rollups</c> (migration 0004) on the request writer's connection,
/// inside the caller's transaction: one prepared upsert, rebound for every cell, that adds counts and sums, keeps the
/// extremes and merges the stored sketch with the new one through <see cref="MergeFunction"/>, so a cell costs one
/// b-tree seek whether its row exists or not.
/// </summary>
/// <remarks>Not thread-safe: the request writer's gate serialises every use.</remarks>
internal sealed class SqliteRollupWriter : IAsyncDisposable
{
    /// <summary>
    /// The SQL function merging two encoded sketches (<see cref="LatencySketch.MergeEncoded(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>).
    /// Only connections that called <see cref="RegisterMergeFunction"/> know it.
    /// </summary>
    public const string MergeFunction = "tollgate_sketch_merge";

    /// <summary>Inserts a cell as a new row, or adds it to the row of its key.</summary>
    internal const string UpsertSql = $"""
        INSERT INTO request_rollups (tenant_id, kind, width, bucket, service, endpoint, method, status_class, consumer,
            count, errors, server_errors, duration_sum_us, duration_min_us, duration_max_us, request_bytes, response_bytes, sketch)
        VALUES ($tenant, $kind, $width, $bucket, $service, $endpoint, $method, $status_class, $consumer,
            $count, $errors, $server_errors, $duration_sum, $duration_min, $duration_max, $request_bytes, $response_bytes, $sketch)
        ON CONFLICT (tenant_id, kind, width, bucket, service, endpoint, method, status_class, consumer) DO UPDATE SET
            count = count + excluded.count,
            errors = errors + excluded.errors,
            server_errors = server_errors + excluded.server_errors,
            duration_sum_us = duration_sum_us + excluded.duration_sum_us,
            duration_min_us = min(duration_min_us, excluded.duration_min_us),
            duration_max_us = max(duration_max_us, excluded.duration_max_us),
            request_bytes = request_bytes + excluded.request_bytes,
            response_bytes = response_bytes + excluded.response_bytes,
            sketch = {MergeFunction}(sketch, excluded.sketch)
        """;

    private static readonly string[] Parameters =
    [
        "$tenant", "$kind", "$width", "$bucket", "$service", "$endpoint", "$method", "$status_class", "$consumer",
        "$count", "$errors", "$server_errors", "$duration_sum", "$duration_min", "$duration_max", "$request_bytes", "$response_bytes", "$sketch",
    ];

    private readonly SqliteCommand _upsert;
    private readonly ArrayBufferWriter<byte> _sketch = new(512);

    /// <summary>Registers <see cref="MergeFunction"/> on <paramref name="connection"/> and prepares the upsert on it.</summary>
    public SqliteRollupWriter(SqliteConnection connection)
    {
        RegisterMergeFunction(connection);
        _upsert = connection.CreateCommand();
        _upsert.CommandText = UpsertSql;
        foreach (var name in Parameters)
        {
            _upsert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    /// <summary>
    /// Makes <see cref="MergeFunction"/> known to <paramref name="connection"/>. Deterministic: the same two sketches
    /// always merge into the same bytes, which lets SQLite evaluate it once where it can.
    /// </summary>
    public static void RegisterMergeFunction(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.CreateFunction<byte[], byte[], byte[]>(
            MergeFunction,
            static (stored, added) => LatencySketch.MergeEncoded(stored, added),
            isDeterministic: true);
    }

    /// <summary>Upserts every cell of <paramref name="rollups"/> within <paramref name="transaction"/>; returns the rows written.</summary>
    public int Write(RequestRollups rollups, SqliteTransaction transaction)
    {
        _upsert.Transaction = transaction;
        var p = _upsert.Parameters;
        foreach (var (key, cell) in rollups.Cells)
        {
            p[0].Value = key.TenantId;
            p[1].Value = (int)key.Kind;
            p[2].Value = (int)key.Width;
            p[3].Value = SqliteTime.ToMicroseconds(key.Bucket);
            p[4].Value = key.Service;
            p[5].Value = key.Endpoint;
            p[6].Value = key.Method;
            p[7].Value = key.StatusClass;
            p[8].Value = key.Consumer;
            p[9].Value = cell.Count;
            p[10].Value = cell.Errors;
            p[11].Value = cell.ServerErrors;
            p[12].Value = cell.DurationSumMicroseconds;
            p[13].Value = cell.DurationMinMicroseconds;
            p[14].Value = cell.DurationMaxMicroseconds;
            p[15].Value = cell.RequestBytes;
            p[16].Value = cell.ResponseBytes;
            p[17].Value = Encode(cell.Sketch ?? new LatencySketch());
            _upsert.ExecuteNonQuery();
        }

        return rollups.Cells.Count;
    }

    public ValueTask DisposeAsync() => _upsert.DisposeAsync();

    // The driver binds blobs from arrays only, so each cell still takes one array of its exact size; the buffer saves
    // the growing and copying an encoder writing into a fresh one would do.
    private byte[] Encode(LatencySketch sketch)
    {
        _sketch.ResetWrittenCount();
        sketch.Encode(_sketch);
        return _sketch.WrittenSpan.ToArray();
    }
}
