using Npgsql;
using NpgsqlTypes;
using Tollgate.Core.Analytics;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Deletes rollup rows past their retention: minute rows older than <see cref="RollupOptions.MinuteRetentionDays"/>,
/// hour and day rows older than <see cref="RollupOptions.HourRetentionDays"/>. Tenant by tenant through the primary
/// key, in chunks of one short statement each, so no index beyond the key is needed and no row stays locked for
/// long. Writers never wait for it (they only append deltas); a compaction round may wait for one chunk at most.
/// </summary>
/// <remarks>
/// Deltas are left alone: the compactor folds every delta, expired or not, and the next run deletes what it made.
/// </remarks>
internal static class PostgresRollupRetention
{
    // A loose index scan over the primary key: each next tenant is one probe.
    private const string Tenants = """
        WITH RECURSIVE tenants (tenant_id) AS (
            SELECT min(tenant_id) FROM request_rollups
            UNION ALL
            SELECT (SELECT min(r.tenant_id) FROM request_rollups AS r WHERE r.tenant_id > t.tenant_id)
            FROM tenants AS t WHERE t.tenant_id IS NOT NULL
        )
        SELECT tenant_id FROM tenants WHERE tenant_id IS NOT NULL
        """;

    // Every kind spelled out, so the primary key (tenant, kind, width, bucket, ...) finds the expired rows by one range
    // per kind and width.
    private const string DeleteChunk = """
        DELETE FROM request_rollups
        WHERE ctid = ANY(ARRAY(
            SELECT ctid FROM request_rollups
            WHERE tenant_id = $1 AND kind = ANY('{0,1,2}'::smallint[]) AND width = ANY($2) AND bucket < $3
            LIMIT $4))
        """;

    private static readonly int[] MinuteWidths = [(int)RollupWidth.Minute, (int)RollupWidth.FiveMinutes];
    private static readonly int[] LongerWidths = [(int)RollupWidth.Hour, (int)RollupWidth.Day];

    /// <summary>Deletes the expired rows as of <paramref name="now"/>; returns how many minute rows and how many hour and day rows.</summary>
    public static async Task<(long Minutes, long Longer)> DeleteExpiredAsync(
        NpgsqlConnection connection, RollupOptions options, DateTimeOffset now, int chunkSize, CancellationToken cancellationToken)
    {
        var minuteCutoff = PostgresStorable.Time(now.AddDays(-options.MinuteRetentionDays));
        var longerCutoff = PostgresStorable.Time(now.AddDays(-options.HourRetentionDays));
        long minutes = 0;
        long longer = 0;
        foreach (var tenant in await TenantsAsync(connection, cancellationToken))
        {
            minutes += await DeleteAsync(connection, tenant, MinuteWidths, minuteCutoff, chunkSize, cancellationToken);
            longer += await DeleteAsync(connection, tenant, LongerWidths, longerCutoff, chunkSize, cancellationToken);
        }

        return (minutes, longer);
    }

    private static async Task<long> DeleteAsync(
        NpgsqlConnection connection, string tenant, int[] widths, DateTimeOffset cutoff, int chunkSize, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(DeleteChunk, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = widths, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = cutoff, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = chunkSize, NpgsqlDbType = NpgsqlDbType.Integer });
        long deleted = 0;
        int chunk;
        do
        {
            chunk = await command.ExecuteNonQueryAsync(cancellationToken);
            deleted += chunk;
        }
        while (chunk == chunkSize);

        return deleted;
    }

    private static async Task<List<string>> TenantsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Tenants, connection);
        var tenants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(reader.GetString(0));
        }

        return tenants;
    }
}
