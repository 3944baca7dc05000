using Microsoft.Data.Sqlite;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// How rollups map to SQL: the read of a <see cref="RollupQuery"/> and the reading of its rows, and the rebuild's
/// statements (a tenant's day of rollups deleted, its raw requests of that day read back, the tenants a range touches).
/// </summary>
internal static class SqliteRollupMapping
{
    /// <summary>
    /// A tenant's rollup rows of every kind and width in [$from, $to): a rebuilt day. The lists are the stored
    /// <see cref="RollupKind"/> and <see cref="RollupWidth"/> values, so the delete is twelve seeks of the key.
    /// </summary>
    public const string DeleteRangeSql = """
        DELETE FROM request_rollups
        WHERE tenant_id = $tenant AND kind IN (0, 1, 2) AND width IN (60, 300, 3600, 86400) AND bucket >= $from AND bucket < $to
        """;

    /// <summary>A tenant's raw requests in [$from, $to), only the columns a rollup needs, along <c>ix_requests_tenant_time</c>.</summary>
    public const string RawRequestsSql = """
        SELECT timestamp, service, method, route_template, path, status, duration_us, request_bytes, response_bytes, principal
        FROM requests
        WHERE tenant_id = $tenant AND timestamp >= $from AND timestamp < $to
        """;

    /// <summary>
    /// Every tenant with raw requests or rollups in [$from, $to): the tenants of each table, one index seek each (a
    /// loose index scan), kept when a seek finds something in the range.
    /// </summary>
    public const string TenantsInRangeSql = """
        WITH RECURSIVE
            raw (id) AS (
                SELECT MIN(tenant_id) FROM requests
                UNION ALL
                SELECT (SELECT MIN(tenant_id) FROM requests WHERE tenant_id > raw.id) FROM raw WHERE raw.id IS NOT NULL
            ),
            rolled (id) AS (
                SELECT MIN(tenant_id) FROM request_rollups
                UNION ALL
                SELECT (SELECT MIN(tenant_id) FROM request_rollups WHERE tenant_id > rolled.id) FROM rolled WHERE rolled.id IS NOT NULL
            )
        SELECT id FROM raw
        WHERE id IS NOT NULL AND EXISTS (SELECT 1 FROM requests WHERE tenant_id = raw.id AND timestamp >= $from AND timestamp < $to)
        UNION
        SELECT id FROM rolled
        WHERE id IS NOT NULL AND EXISTS (
            SELECT 1 FROM request_rollups
            WHERE tenant_id = rolled.id AND kind IN (0, 1, 2) AND width IN (60, 300, 3600, 86400) AND bucket >= $from AND bucket < $to)
        """;

    private const string MeasureColumns =
        "bucket, service, endpoint, method, status_class, consumer, count, errors, server_errors, " +
        "duration_sum_us, duration_min_us, duration_max_us, request_bytes, response_bytes";

    private const int SketchOrdinal = 14;

    /// <summary>
    /// Sets up <paramref name="command"/> to read <paramref name="query"/>'s rows of <paramref name="tenantId"/>: one
    /// range of the primary key, the service checked on each row, the sketch selected only when asked for. A query that
    /// merges rows is answered by <c>GROUP BY</c> its merged bucket and kept dimensions, sketches merged by
    /// <see cref="SqliteRollupWriter.MergeAllFunction"/>, so SQLite steps over the rows and only the merged ones reach .NET.
    /// Buckets kept as stored are grouped by the <c>bucket</c> column itself: grouped by bucket and service (or bucket,
    /// service and endpoint) the rows arrive in primary-key order and are merged as they stream, with no sort of rows
    /// that carry their sketches.
    /// </summary>
    public static string BuildRead(SqliteCommand command, string tenantId, RollupQuery query)
    {
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$kind", (int)query.Kind);
        command.Parameters.AddWithValue("$width", (int)query.Width);
        command.Parameters.AddWithValue("$from", SqliteTime.ToMicroseconds(query.From));
        command.Parameters.AddWithValue("$to", SqliteTime.ToMicroseconds(query.To));
        var service = string.Empty;
        if (query.Service is not null)
        {
            command.Parameters.AddWithValue("$service", query.Service);
            service = " AND service = $service";
        }

        const string where = "tenant_id = $tenant AND kind = $kind AND width = $width AND bucket >= $from AND bucket < $to";
        if (!query.Merges)
        {
            return $"""
                SELECT {MeasureColumns}{(query.IncludeSketches ? ", sketch" : string.Empty)}
                FROM request_rollups
                WHERE {where}{service}
                """;
        }

        var stored = query.EffectiveBucketSeconds == (long)query.Width;
        var whole = query.EffectiveBucketSeconds * TimeSpan.TicksPerSecond >= (query.To - query.From).Ticks;
        var slot = stored ? "bucket" : whole ? "$from" : "$from + ((bucket - $from) / $step) * $step";
        if (!stored && !whole)
        {
            command.Parameters.AddWithValue("$step", query.EffectiveBucketSeconds * 1_000_000);
        }

        // Grouped by the slot even when it is constant: an empty range then answers no row, not one of nulls.
        var groups = new List<string> { stored ? "bucket" : "slot" };

        string Kept(RollupDimensions dimension, string column, string empty)
        {
            if (!query.Keeps(dimension))
            {
                return $"{empty} AS {column}";
            }

            groups.Add(column);
            return column;
        }

        var columns = string.Join(", ", [
            $"{slot} AS slot",
            Kept(RollupDimensions.Service, "service", "''"),
            Kept(RollupDimensions.Endpoint, "endpoint", "''"),
            Kept(RollupDimensions.Endpoint, "method", "''"),
            Kept(RollupDimensions.StatusClass, "status_class", "0"),
            Kept(RollupDimensions.Consumer, "consumer", "''"),
        ]);
        var sketch = query.IncludeSketches ? $", {SqliteRollupWriter.MergeAllFunction}(sketch)" : string.Empty;
        return $"""
            SELECT {columns}, SUM(count), SUM(errors), SUM(server_errors), SUM(duration_sum_us), MIN(duration_min_us),
                MAX(duration_max_us), SUM(request_bytes), SUM(response_bytes){sketch}
            FROM request_rollups
            WHERE {where}{service}
            GROUP BY {string.Join(", ", groups)}
            """;
    }

    /// <summary>One row read with <see cref="BuildRead"/>.</summary>
    public static RollupRow ReadRow(SqliteDataReader reader, string tenantId, RollupQuery query)
    {
        var key = new RollupKey(
            tenantId,
            query.Kind,
            query.Width,
            SqliteTime.FromMicroseconds(reader.GetInt64(0)),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetInt32(4),
            reader.GetString(5));
        var cell = new RollupCell
        {
            Count = reader.GetInt64(6),
            Errors = reader.GetInt64(7),
            ServerErrors = reader.GetInt64(8),
            DurationSumMicroseconds = reader.GetInt64(9),
            DurationMinMicroseconds = reader.GetInt64(10),
            DurationMaxMicroseconds = reader.GetInt64(11),
            RequestBytes = reader.GetInt64(12),
            ResponseBytes = reader.GetInt64(13),
            Sketch = query.IncludeSketches ? LatencySketch.FromEncoded(reader.GetFieldValue<byte[]>(SketchOrdinal)) : null,
        };
        return new RollupRow(key, cell);
    }

    /// <summary>
    /// A raw request read with <see cref="RawRequestsSql"/>, with what <see cref="RequestRollups.Add"/> looks at; the
    /// rest of the record (its id among them) is left empty.
    /// </summary>
    public static RequestRecord ReadRawRequest(SqliteDataReader reader, string tenantId) => new()
    {
        Id = Guid.Empty,
        TenantId = tenantId,
        Timestamp = SqliteTime.FromMicroseconds(reader.GetInt64(0)),
        Service = reader.GetString(1),
        Method = reader.GetString(2),
        RouteTemplate = reader.IsDBNull(3) ? null : reader.GetString(3),
        Path = reader.GetString(4),
        Status = reader.GetInt32(5),
        DurationMicroseconds = reader.GetInt64(6),
        RequestBytes = reader.GetInt64(7),
        ResponseBytes = reader.GetInt64(8),
        Principal = reader.IsDBNull(9) ? null : reader.GetString(9),
    };
}
