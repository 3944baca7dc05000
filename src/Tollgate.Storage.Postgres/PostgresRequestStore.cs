using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Request records in PostgreSQL (migration 0003) and their rollups (migration 0004): the scale-out counterpart of the
/// embedded store, passing the same contract suites. Batches are written by binary COPY through a staging table in one
/// transaction each; the <c>requests</c> and <c>request_details</c> tables are partitioned by day, so retention drops
/// whole days. Rollups are appended as deltas with each batch and folded by <see cref="PostgresRollupCompactor"/>;
/// reads merge both, so they are exact whatever compaction has done.
/// </summary>
/// <remarks>
/// Thread-safe; every call takes a pooled connection of the shared data source, so concurrent writers and readers run
/// in parallel on the server. Ids are unique per (id, timestamp), the primary key a partitioned table allows: a
/// redelivered record (same id and timestamp, as the pipeline redelivers) is skipped, and a repeated id within one
/// batch is stored once; only a record sent again under the same id with a different timestamp would be kept twice.
/// Text that PostgreSQL cannot hold (NUL characters, unpaired surrogates) is stored with U+FFFD in their place rather
/// than failing the batch.
/// </remarks>
public sealed class PostgresRequestStore : IRequestStore, IRequestRollupStore
{
    private const string ColumnsWithoutSketch = $"{PostgresRollupMapping.KeyColumns}, {PostgresRollupMapping.MeasureColumns}";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _rollups;

    /// <summary>Creates the store on a data source whose database the migrator has brought up to date.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="rollupOptions">Whether writes maintain rollups (<see cref="RollupOptions.Rollups"/>).</param>
    public PostgresRequestStore(NpgsqlDataSource dataSource, IOptions<RollupOptions> rollupOptions)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(rollupOptions);
        _dataSource = dataSource;
        _rollups = rollupOptions.Value.Rollups;
    }

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<RequestRecord> records, CancellationToken cancellationToken)
    {
        RequestBatch.ThrowIfInvalid(records);

        return records.Count == 0 ? Task.CompletedTask : PostgresRequestWriter.WriteAsync(_dataSource, records, _rollups, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<RequestPage> QueryAsync(string tenantId, RequestQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.Filter, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, RequestQuery.MaxLimit, nameof(query));
        await using var command = _dataSource.CreateCommand();
        command.CommandText = PostgresRequestFilter.BuildQuery(command, tenantId, query);
        var items = new List<RequestRecord>(Math.Min(query.Limit + 1, 64));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(PostgresRequestMapping.ReadRecord(reader));
            }
        }

        return RequestPage.FromProbe(items, query.Limit);
    }

    /// <inheritdoc />
    public async Task<RequestRecord?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);

        // The id leads the primary key, so this probes each daily partition's index once. Should the tenant hold the id
        // under two timestamps (see the remarks), the earliest is the one returned, every time.
        await using var command = _dataSource.CreateCommand($"""
            SELECT {PostgresRequestMapping.RecordColumns}, {PostgresRequestMapping.DetailColumns}
            FROM requests AS r
            LEFT JOIN request_details AS d ON r.has_detail AND d.id = r.id AND d.timestamp = r.timestamp
            WHERE r.id = $1 AND r.tenant_id = $2
            ORDER BY r.timestamp
            LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgresStorable.Text(tenantId), NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? PostgresRequestMapping.ReadRecord(reader) with { Detail = PostgresRequestMapping.ReadDetail(reader) }
            : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RollupRow>> ReadAsync(string tenantId, RollupQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var columns = query.IncludeSketches ? PostgresRollupMapping.Columns : ColumnsWithoutSketch;
        var where = "tenant_id = $1 AND kind = $2 AND width = $3 AND bucket >= $4 AND bucket < $5" + (query.Service is null ? null : " AND service = $6");

        // One statement reads the folded rows and the deltas not yet folded: one snapshot, so a compaction that commits
        // meanwhile is seen entirely or not at all, never as a delta both folded and still there. A merging read groups
        // them in the database, so only the merged rows travel.
        var rows = $"SELECT {columns} FROM request_rollups WHERE {where} UNION ALL SELECT {columns} FROM request_rollup_deltas WHERE {where}";
        var stepParameter = query.Service is null ? "$6" : "$7";
        await using var command = _dataSource.CreateCommand(query.Merges ? PostgresRollupMapping.MergedRead(query, rows, stepParameter) : rows);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgresStorable.Text(tenantId), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)query.Kind, NpgsqlDbType = NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)query.Width, NpgsqlDbType = NpgsqlDbType.Integer });

        // Bucket starts are whole seconds; rounding the bounds up as request filters do keeps them exact for any value.
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = PostgresStorable.TimeCeiling(query.From), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = PostgresStorable.TimeCeiling(query.To), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        if (query.Service is { } service)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgresStorable.Text(service), NpgsqlDbType = NpgsqlDbType.Text });
        }

        if (query.Merges)
        {
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = query.EffectiveBucketSeconds, NpgsqlDbType = NpgsqlDbType.Double });
        }

        var sketches = !query.IncludeSketches ? PostgresSketchColumn.None : query.Merges ? PostgresSketchColumn.Gathered : PostgresSketchColumn.One;
        var cells = new Dictionary<RollupKey, RollupCell>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await PostgresRollupMapping.AccumulateAsync(reader, cells, sketches, cancellationToken);
        }

        var read = new RollupRow[cells.Count];
        var i = 0;
        foreach (var (key, cell) in cells)
        {
            read[i++] = new RollupRow(key, cell);
        }

        return read;
    }

    /// <inheritdoc />
    public Task<RollupRebuildResult> RebuildAsync(string? tenantId, DateTimeOffset start, DateTimeOffset until, CancellationToken cancellationToken) =>
        PostgresRollupRebuild.RebuildAsync(_dataSource, tenantId, start, until, cancellationToken);
}
