using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Tollgate.Core;
using Tollgate.Core.Audit;
using Tollgate.LoadHarness;
using Tollgate.Storage.Postgres;

namespace Tollgate.ScaleOutLoad;

/// <summary>
/// RAW: PostgreSQL's own rate for the rows the collector writes, with nothing in front. A fresh database migrated by
/// <see cref="PostgresMigrator"/> (with this week's audit partition, as the store's partition maintenance makes it),
/// the same events read by <see cref="AuditEventReader"/> from the very bodies the E2E runs send, chained with
/// <see cref="AuditChain"/> as the store chains them, then <c>COPY audit_events … FROM STDIN (FORMAT BINARY)</c> with
/// the store's columns and calls, one transaction per batch, committed (fsync on, synchronous_commit on). Only the
/// COPY and its commit are timed: reading and chaining a batch happen before its clock starts.
/// </summary>
/// <remarks>
/// The store also locks and updates the tenant's chain head in each transaction; RAW leaves that out, so it is the
/// ceiling a collector could reach, not a copy of its work.
/// </remarks>
internal static class RawCopyRunner
{
    // The column order and types of PostgresAuditEventStore's COPY.
    private const string CopyEvents = """
        COPY audit_events (tenant_id, sequence, id, timestamp, received_at, user_id, event_type, src_service,
            target, request_id, trace_id, amends, document, hash) FROM STDIN (FORMAT BINARY)
        """;

    // Bodies read into events at a time: bounds the memory of prepared rows whatever --events is.
    private const int BodiesPerSlice = 20;

    public static async Task<RawResult> RunAsync(
        PostgresServer postgres, string database, IReadOnlyList<byte[]> warmupBodies, IReadOnlyList<byte[]> bodies, int copyBatch,
        TimeSpan limit, CancellationToken cancellationToken)
    {
        var connectionString = await postgres.CreateDatabaseAsync(database, cancellationToken);
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await PostgresMigrator.ApplyAsync(dataSource, cancellationToken);
            await CreateAuditPartitionsAsync(dataSource, DateTimeOffset.UtcNow, cancellationToken);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(limit);
            var chain = new AuditChainState();
            try
            {
                await CopyAsync(connection, warmupBodies, copyBatch, chain, new CopyClock(), deadline.Token);
                var clock = new CopyClock();
                var started = Stopwatch.GetTimestamp();
                var events = await CopyAsync(connection, bodies, copyBatch, chain, clock, deadline.Token);
                var wallSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var stored = await CountAsync(connection, cancellationToken);
                if (stored != chain.Sequence)
                {
                    throw new InvalidOperationException($"RAW copied {chain.Sequence:N0} rows but audit_events holds {stored:N0}.");
                }

                return new RawResult(events, clock.Batches, copyBatch, clock.Seconds, wallSeconds);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"RAW did not copy {bodies.Count * ScaleOutOptions.BodySize:N0} events within {limit.TotalSeconds:N0} s.");
            }
        }
        finally
        {
            await postgres.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    /// <summary>The partition of the week holding <paramref name="now"/> and of the next: Monday 00:00 UTC, named as the store names them.</summary>
    private static async Task CreateAuditPartitionsAsync(NpgsqlDataSource dataSource, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = now.UtcDateTime.Date;
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        foreach (var start in new[] { monday, monday.AddDays(7) })
        {
            var end = start.AddDays(7);
            var sql = string.Create(
                CultureInfo.InvariantCulture,
                $"CREATE TABLE audit_events_p{start:yyyyMMdd} PARTITION OF audit_events FOR VALUES FROM ('{start:yyyy-MM-dd} 00:00:00+00') TO ('{end:yyyy-MM-dd} 00:00:00+00')");
            await using var command = dataSource.CreateCommand(sql);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Reads, chains and copies every body's events; returns how many it copied.</summary>
    private static async Task<long> CopyAsync(
        NpgsqlConnection connection, IReadOnlyList<byte[]> bodies, int copyBatch, AuditChainState chain, CopyClock clock, CancellationToken cancellationToken)
    {
        var pending = new List<ChainedAuditRow>(copyBatch + (BodiesPerSlice * ScaleOutOptions.BodySize));
        long copied = 0;
        for (var first = 0; first < bodies.Count; first += BodiesPerSlice)
        {
            var slice = bodies.Skip(first).Take(BodiesPerSlice).ToArray();
            foreach (var batch in EventBatches.Read(slice))
            {
                foreach (var e in batch)
                {
                    pending.Add(chain.Next(e));
                }
            }

            var taken = 0;
            for (; pending.Count - taken >= copyBatch; taken += copyBatch)
            {
                copied += await CopyBatchAsync(connection, pending.GetRange(taken, copyBatch), clock, cancellationToken);
            }

            pending.RemoveRange(0, taken);
        }

        if (pending.Count > 0)
        {
            copied += await CopyBatchAsync(connection, pending, clock, cancellationToken);
        }

        return copied;
    }

    private static async Task<int> CopyBatchAsync(NpgsqlConnection connection, List<ChainedAuditRow> rows, CopyClock clock, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var importer = await connection.BeginBinaryImportAsync(CopyEvents, cancellationToken))
            {
                foreach (var (e, sequence, hash) in rows)
                {
                    await importer.StartRowAsync(cancellationToken);
                    await importer.WriteAsync(e.TenantId, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(sequence, NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(e.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await importer.WriteAsync(e.Timestamp.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
                    await importer.WriteAsync(e.ReceivedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
                    await importer.WriteAsync(e.UserId, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(e.EventType, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(e.SrcService, NpgsqlDbType.Text, cancellationToken);
                    await WriteNullableAsync(importer, e.Target, cancellationToken);
                    await WriteNullableAsync(importer, e.RequestId, cancellationToken);
                    await WriteNullableAsync(importer, e.TraceId, cancellationToken);
                    if (e.Amends is { } amends)
                    {
                        await importer.WriteAsync(amends, NpgsqlDbType.Uuid, cancellationToken);
                    }
                    else
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }

                    await importer.WriteAsync(e.Document, NpgsqlDbType.Bytea, cancellationToken);
                    await importer.WriteAsync(hash, NpgsqlDbType.Bytea, cancellationToken);
                }

                await importer.CompleteAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        clock.Add(Stopwatch.GetElapsedTime(started));
        return rows.Count;
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static async Task<long> CountAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM audit_events", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
