using System.Buffers;
using Npgsql;
using NpgsqlTypes;
using Tollgate.Core.Analytics;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// How rollup cells map to the columns of <c>request_rollups</c> and <c>request_rollup_deltas</c> (migration 0004):
/// the column lists, the reading of rows into cells merged by key, binary COPY of cells, and cells as the column arrays
/// that <c>unnest</c> turns back into rows.
/// </summary>
internal static class PostgresRollupMapping
{
    /// <summary>The key columns, in the order <see cref="ReadKey"/> reads them and <see cref="Columns"/> lists them.</summary>
    public const string KeyColumns = "tenant_id, kind, width, bucket, service, endpoint, method, status_class, consumer";

    /// <summary>The measure columns but the sketch, after the key.</summary>
    public const string MeasureColumns =
        "count, errors, server_errors, duration_sum_us, duration_min_us, duration_max_us, request_bytes, response_bytes";

    /// <summary>Every column, in the order COPY writes and <c>unnest</c> lists them.</summary>
    public const string Columns = $"{KeyColumns}, {MeasureColumns}, sketch";

    /// <summary>The column types of <see cref="Columns"/>, for <c>unnest</c> of the arrays <see cref="AddColumns"/> binds.</summary>
    public const string ColumnArrays =
        "$1::text[], $2::smallint[], $3::integer[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::smallint[], " +
        "$9::text[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[], $16::bigint[], " +
        "$17::bigint[], $18::bytea[]";

    /// <summary>The key column types alone, for <c>unnest</c> of the arrays <see cref="AddKeys"/> binds.</summary>
    public const string KeyArrays =
        "$1::text[], $2::smallint[], $3::integer[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::smallint[], $9::text[]";

    private const int SketchOrdinal = 17;

    /// <summary>
    /// Wraps <paramref name="rows"/> (a select of <see cref="Columns"/>, or without the sketch) in the <c>GROUP BY</c>
    /// that merges them as <paramref name="query"/> asks (<see cref="RollupQuery.Merges"/>): buckets binned from the
    /// range's start ($4) by the step in seconds bound as <paramref name="stepParameter"/>, left-out dimensions emptied,
    /// sketches gathered with <c>array_agg</c> for <see cref="AccumulateAsync"/> to merge.
    /// </summary>
    public static string MergedRead(RollupQuery query, string rows, string stepParameter)
    {
        var groups = new List<string> { "tenant_id", "kind", "width", "4" };
        string Kept(RollupDimensions dimension, string column, string empty)
        {
            if (!query.Keeps(dimension))
            {
                return $"{empty} AS {column}";
            }

            groups.Add(column);
            return column;
        }

        var keys = string.Join(", ", [
            "tenant_id",
            "kind",
            "width",
            $"date_bin(make_interval(secs => {stepParameter}), bucket, $4) AS bucket",
            Kept(RollupDimensions.Service, "service", "''::text"),
            Kept(RollupDimensions.Endpoint, "endpoint", "''::text"),
            Kept(RollupDimensions.Endpoint, "method", "''::text"),
            Kept(RollupDimensions.StatusClass, "status_class", "0::smallint"),
            Kept(RollupDimensions.Consumer, "consumer", "''::text"),
        ]);
        var sketch = query.IncludeSketches ? ", array_agg(sketch)" : string.Empty;
        return $"""
            SELECT {keys}, sum(count)::bigint, sum(errors)::bigint, sum(server_errors)::bigint, sum(duration_sum_us)::bigint,
                min(duration_min_us), max(duration_max_us), sum(request_bytes)::bigint, sum(response_bytes)::bigint{sketch}
            FROM ({rows}) AS r
            GROUP BY {string.Join(", ", groups)}
            """;
    }

    /// <summary>
    /// Reads every row of <paramref name="reader"/> (selected as <see cref="Columns"/>, or without the sketch when
    /// <paramref name="sketches"/> is <see cref="PostgresSketchColumn.None"/>) into <paramref name="cells"/>, adding rows of a key
    /// already there to its cell. Returns the rows read.
    /// </summary>
    public static async Task<int> AccumulateAsync(NpgsqlDataReader reader, Dictionary<RollupKey, RollupCell> cells, PostgresSketchColumn sketches, CancellationToken cancellationToken)
    {
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            var key = ReadKey(reader);
            var encoded = sketches switch
            {
                PostgresSketchColumn.One => [reader.GetFieldValue<byte[]>(SketchOrdinal)],
                PostgresSketchColumn.Gathered => reader.GetFieldValue<byte[][]>(SketchOrdinal),
                _ => null,
            };
            var cell = new RollupCell
            {
                Count = reader.GetInt64(9),
                Errors = reader.GetInt64(10),
                ServerErrors = reader.GetInt64(11),
                DurationSumMicroseconds = reader.GetInt64(12),
                DurationMinMicroseconds = reader.GetInt64(13),
                DurationMaxMicroseconds = reader.GetInt64(14),
                RequestBytes = reader.GetInt64(15),
                ResponseBytes = reader.GetInt64(16),
            };
            if (cells.TryGetValue(key, out var existing))
            {
                existing.Add(cell);
            }
            else
            {
                existing = cell;
                cells.Add(key, cell);
                if (encoded is [var only])
                {
                    cell.Sketch = LatencySketch.FromEncoded(only);
                    continue;
                }

                cell.Sketch = encoded is null ? null : new LatencySketch();
            }

            // The measures add up through the cell; sketches merge straight from their encodings, never decoded apart.
            foreach (var bytes in encoded ?? [])
            {
                existing.Sketch?.MergeEncoded(bytes);
            }
        }

        return rows;
    }

    /// <summary>Binary-copies <paramref name="cells"/> into <paramref name="table"/> (a rollup table of migration 0004).</summary>
    public static async Task CopyAsync(NpgsqlConnection connection, string table, IEnumerable<KeyValuePair<RollupKey, RollupCell>> cells, CancellationToken cancellationToken)
    {
        // One buffer for every sketch of the call: the importer has copied each by the time its write completes.
        var sketch = new ArrayBufferWriter<byte>(512);
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var (key, cell) in cells)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(PostgresStorable.Text(key.TenantId), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync((short)key.Kind, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync((int)key.Width, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(key.Bucket, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(PostgresStorable.Text(key.Service), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(PostgresStorable.Text(key.Endpoint), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(PostgresStorable.Text(key.Method), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync((short)key.StatusClass, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync(PostgresStorable.Text(key.Consumer), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(cell.Count, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(cell.Errors, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(cell.ServerErrors, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(cell.DurationSumMicroseconds, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(cell.DurationMinMicroseconds, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(cell.DurationMaxMicroseconds, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(cell.RequestBytes, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(cell.ResponseBytes, NpgsqlDbType.Bigint, cancellationToken);
            sketch.ResetWrittenCount();
            SketchOf(cell).Encode(sketch);
            await importer.WriteAsync(sketch.WrittenMemory, NpgsqlDbType.Bytea, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Binds <paramref name="keys"/> as the nine arrays of <see cref="KeyArrays"/> ($1 to $9).</summary>
    public static void AddKeys(NpgsqlCommand command, IReadOnlyCollection<RollupKey> keys)
    {
        var count = keys.Count;
        var tenants = new string[count];
        var kinds = new short[count];
        var widths = new int[count];
        var buckets = new DateTimeOffset[count];
        var services = new string[count];
        var endpoints = new string[count];
        var methods = new string[count];
        var statusClasses = new short[count];
        var consumers = new string[count];
        var i = 0;
        foreach (var key in keys)
        {
            tenants[i] = key.TenantId;
            kinds[i] = (short)key.Kind;
            widths[i] = (int)key.Width;
            buckets[i] = key.Bucket;
            services[i] = key.Service;
            endpoints[i] = key.Endpoint;
            methods[i] = key.Method;
            statusClasses[i] = (short)key.StatusClass;
            consumers[i] = key.Consumer;
            i++;
        }

        Add(command, tenants, NpgsqlDbType.Text);
        Add(command, kinds, NpgsqlDbType.Smallint);
        Add(command, widths, NpgsqlDbType.Integer);
        Add(command, buckets, NpgsqlDbType.TimestampTz);
        Add(command, services, NpgsqlDbType.Text);
        Add(command, endpoints, NpgsqlDbType.Text);
        Add(command, methods, NpgsqlDbType.Text);
        Add(command, statusClasses, NpgsqlDbType.Smallint);
        Add(command, consumers, NpgsqlDbType.Text);
    }

    /// <summary>Binds <paramref name="cells"/> as the eighteen arrays of <see cref="ColumnArrays"/> ($1 to $18), keys first.</summary>
    public static void AddColumns(NpgsqlCommand command, Dictionary<RollupKey, RollupCell> cells)
    {
        // Keys and values of one dictionary enumerate in the same order, so the arrays line up row by row.
        AddKeys(command, cells.Keys);
        var count = cells.Count;
        var measures = new long[8][];
        for (var m = 0; m < measures.Length; m++)
        {
            measures[m] = new long[count];
        }

        var sketches = new byte[count][];
        var i = 0;
        foreach (var cell in cells.Values)
        {
            measures[0][i] = cell.Count;
            measures[1][i] = cell.Errors;
            measures[2][i] = cell.ServerErrors;
            measures[3][i] = cell.DurationSumMicroseconds;
            measures[4][i] = cell.DurationMinMicroseconds;
            measures[5][i] = cell.DurationMaxMicroseconds;
            measures[6][i] = cell.RequestBytes;
            measures[7][i] = cell.ResponseBytes;
            sketches[i] = SketchOf(cell).ToArray();
            i++;
        }

        foreach (var measure in measures)
        {
            Add(command, measure, NpgsqlDbType.Bigint);
        }

        Add(command, sketches, NpgsqlDbType.Bytea);
    }

    private static RollupKey ReadKey(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        (RollupKind)reader.GetInt16(1),
        (RollupWidth)reader.GetInt32(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetInt16(7),
        reader.GetString(8));

    private static LatencySketch SketchOf(RollupCell cell) =>
        cell.Sketch ?? throw new InvalidOperationException("A rollup cell to be stored has no latency sketch; cells are stored only as accumulated or read with theirs.");

    private static void Add<T>(NpgsqlCommand command, T[] values, NpgsqlDbType elementType) =>
        command.Parameters.Add(new NpgsqlParameter<T[]> { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | elementType });
}
