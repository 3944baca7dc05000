using Npgsql;
using NpgsqlTypes;
using Tollgate.Core.Requests;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Request records in PostgreSQL (migration 0003): the scale-out counterpart of the embedded store, passing the same
/// contract suite. Batches are written by binary COPY through a staging table in one transaction each; the
/// <c>requests</c> and <c>request_details</c> tables are partitioned by day, so retention drops whole days.
/// </summary>
/// <remarks>
/// Thread-safe; every call takes a pooled connection of the shared data source, so concurrent writers and readers run
/// in parallel on the server. Ids are unique per (id, timestamp), the primary key a partitioned table allows: a
/// redelivered record (same id and timestamp, as the pipeline redelivers) is skipped, and a repeated id within one
/// batch is stored once; only a record sent again under the same id with a different timestamp would be kept twice.
/// Text that PostgreSQL cannot hold (NUL characters, unpaired surrogates) is stored with U+FFFD in their place rather
/// than failing the batch.
/// </remarks>
public sealed class PostgresRequestStore : IRequestStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store on a data source whose database the migrator has brought up to date.</summary>
    public PostgresRequestStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<RequestRecord> records, CancellationToken cancellationToken)
    {
        RequestBatch.ThrowIfInvalid(records);

        return records.Count == 0 ? Task.CompletedTask : PostgresRequestWriter.WriteAsync(_dataSource, records, cancellationToken);
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
}
