using Npgsql;
using NpgsqlTypes;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Recomputes rollups from the raw request rows, one tenant's UTC day per REPEATABLE READ transaction: the day's
/// rollup rows and deltas (every width) are deleted, the day's raw rows read and counted, the cells inserted. Under
/// the transaction's one snapshot a concurrent writer's raw rows and the deltas it committed with them are either
/// both seen (the deltas deleted, the rows counted) or both unseen (the rows not counted, the deltas kept for the
/// compactor): no write is lost or counted twice, and readers see the day before or after, never half of it.
/// </summary>
/// <remarks>
/// The whole rebuild holds the compactor's advisory lock (<see cref="PostgresRollupCompactor.LockKey"/>, waiting for
/// it), so no compaction round folds deltas into rows it is replacing, and two rebuilds run one after the other.
/// Memory holds one tenant's day of cells at a time.
/// </remarks>
internal static class PostgresRollupRebuild
{
    private const string SerializationFailure = "40001";
    private const string DeadlockDetected = "40P01";
    private const int Attempts = 3;

    // Every kind and width spelled out, so the primary key (tenant, kind, width, bucket, ...) finds the day's rows by
    // one range per kind and width instead of reading all of the tenant's rows.
    private const string DayOfTenant =
        "tenant_id = $1 AND kind = ANY('{0,1,2}'::smallint[]) AND width = ANY('{60,300,3600,86400}'::integer[]) AND bucket >= $2 AND bucket < $3";

    private const string DeleteDeltas = $"DELETE FROM request_rollup_deltas WHERE {DayOfTenant}";

    private const string DeleteRollups = $"DELETE FROM request_rollups WHERE {DayOfTenant}";

    private const string ReadRequests = """
        SELECT id, timestamp, service, route_template, path, method, principal, status, duration_us, request_bytes, response_bytes
        FROM requests
        WHERE tenant_id = $1 AND timestamp >= $2 AND timestamp < $3
        """;

    // Tenants by a loose index scan (each next tenant is one probe of an index leading with tenant_id), then a probe of
    // the range per tenant: a handful of index lookups per tenant instead of a scan of every row in the range. The
    // probes are LIMIT 1 subqueries, not EXISTS, which the planner may turn into a join over the whole range. Rollup
    // tenants are found by their day rows, which every request has and which outlive the minute and hour rows.
    private const string TenantsInRange = """
        WITH RECURSIVE raw (tenant_id) AS (
            SELECT min(tenant_id) FROM requests
            UNION ALL
            SELECT (SELECT min(r.tenant_id) FROM requests AS r WHERE r.tenant_id > raw.tenant_id)
            FROM raw WHERE raw.tenant_id IS NOT NULL
        ), rolled (tenant_id) AS (
            SELECT min(tenant_id) FROM request_rollups
            UNION ALL
            SELECT (SELECT min(r.tenant_id) FROM request_rollups AS r WHERE r.tenant_id > rolled.tenant_id)
            FROM rolled WHERE rolled.tenant_id IS NOT NULL
        )
        SELECT tenant_id FROM raw
        WHERE (SELECT true FROM requests AS r
               WHERE r.tenant_id = raw.tenant_id AND r.timestamp >= $1 AND r.timestamp < $2 LIMIT 1)
        UNION
        SELECT tenant_id FROM rolled
        WHERE (SELECT true FROM request_rollups AS r
               WHERE r.tenant_id = rolled.tenant_id AND r.kind = 0 AND r.width = 86400 AND r.bucket >= $1 AND r.bucket < $2 LIMIT 1)
        UNION
        SELECT tenant_id FROM request_rollup_deltas WHERE bucket >= $1 AND bucket < $2
        ORDER BY 1
        """;

    private const string RollupTable = "request_rollups";

    /// <summary>Rebuilds every UTC day that [<paramref name="start"/>, <paramref name="until"/>) touches, for one tenant or all.</summary>
    public static async Task<RollupRebuildResult> RebuildAsync(
        NpgsqlDataSource dataSource, string? tenantId, DateTimeOffset start, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(until, start);
        var from = RequestRollups.BucketOf(start, RollupWidth.Day);
        var lastDay = RequestRollups.BucketOf(until.AddTicks(-1), RollupWidth.Day);
        var to = lastDay.AddDays(1);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({PostgresRollupCompactor.LockKey})", cancellationToken);
        try
        {
            IReadOnlyList<string> tenants = tenantId is null
                ? await TenantsAsync(connection, from, to, cancellationToken)
                : [PostgresStorable.Text(tenantId)];
            long requests = 0;
            long rows = 0;
            foreach (var tenant in tenants)
            {
                for (var day = from; day < to; day = day.AddDays(1))
                {
                    var (dayRequests, dayRows) = await RebuildDayAsync(connection, tenant, day, cancellationToken);
                    requests += dayRequests;
                    rows += dayRows;
                }
            }

            return new RollupRebuildResult(from, to, requests, rows);
        }
        finally
        {
            // Pooled connections keep their session: release explicitly (a broken one took the lock with it).
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({PostgresRollupCompactor.LockKey})", CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Rebuilds one tenant's day, trying again when PostgreSQL refuses the snapshot's deletes because retention deleted
    /// one of the rows meanwhile (or chose this transaction to break a deadlock with it).
    /// </summary>
    private static async Task<(long Requests, long Rows)> RebuildDayAsync(NpgsqlConnection connection, string tenant, DateTimeOffset day, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryRebuildDayAsync(connection, tenant, day, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState is SerializationFailure or DeadlockDetected && attempt < Attempts)
            {
                // Rolled back whole; the next attempt takes a new snapshot.
            }
        }
    }

    private static async Task<(long Requests, long Rows)> TryRebuildDayAsync(NpgsqlConnection connection, string tenant, DateTimeOffset day, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

        // The snapshot is taken by the first statement; every statement after it sees the same committed writes.
        await ExecuteDayAsync(connection, DeleteDeltas, tenant, day, cancellationToken);
        await ExecuteDayAsync(connection, DeleteRollups, tenant, day, cancellationToken);
        var rollups = new RequestRollups();
        await using (var read = DayCommand(connection, ReadRequests, tenant, day))
        {
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rollups.Add(new RequestRecord
                {
                    Id = reader.GetGuid(0),
                    TenantId = tenant,
                    Timestamp = reader.GetFieldValue<DateTimeOffset>(1),
                    Service = reader.GetString(2),
                    RouteTemplate = reader.IsDBNull(3) ? null : reader.GetString(3),
                    Path = reader.GetString(4),
                    Method = reader.GetString(5),
                    Principal = reader.IsDBNull(6) ? null : reader.GetString(6),
                    Status = reader.GetInt32(7),
                    DurationMicroseconds = reader.GetInt64(8),
                    RequestBytes = reader.GetInt64(9),
                    ResponseBytes = reader.GetInt64(10),
                });
            }
        }

        if (rollups.Requests > 0)
        {
            await PostgresRollupMapping.CopyAsync(connection, RollupTable, rollups.Cells, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (rollups.Requests, rollups.Cells.Count);
    }

    private static async Task<List<string>> TenantsAsync(NpgsqlConnection connection, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TenantsInRange, connection);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var tenants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(reader.GetString(0));
        }

        return tenants;
    }

    private static async Task ExecuteDayAsync(NpgsqlConnection connection, string sql, string tenant, DateTimeOffset day, CancellationToken cancellationToken)
    {
        await using var command = DayCommand(connection, sql, tenant, day);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlCommand DayCommand(NpgsqlConnection connection, string sql, string tenant, DateTimeOffset day)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = day, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = day.AddDays(1), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return command;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
