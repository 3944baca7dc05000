using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Tollgate.Core;
using Tollgate.Core.Audit;
using Tollgate.LoadHarness;
using Tollgate.Storage.Postgres;

namespace Tollgate.ScaleOutLoad;

/// <summary>
/// RAW: PostgreSQL's own rate for the rows the collector writes, with nothing in front. A fresh database migrated by
/// <see cref="PostgresMigrator"/> (with its partitions made by the store's own partition maintenance),
/// the same events read by <see cref="AuditEventReader"/> from the very bodies the E2E runs send, chained with
/// <see cref="AuditChain"/> as the store chains them, then written by the store's own binary COPY row writer
/// (<see cref="PostgresAuditEventStore"/>), one transaction per batch, committed (fsync on, synchronous_commit on). Only the
/// COPY and its commit are timed: reading and chaining a batch happen before its clock starts.
/// </summary>
/// <remarks>
/// The store also locks and updates the tenant's chain head in each transaction; RAW leaves that out, so it is the
/// ceiling a collector could reach, not a copy of its work.
/// </remarks>
internal static class RawCopyRunner
{
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
            await new PostgresPartitionMaintenance(dataSource, Options.Create(new PostgresStoreOptions()), TimeProvider.System, NullLogger<PostgresPartitionMaintenance>.Instance)
                .RunOnceAsync(cancellationToken);
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

    /// <summary>Reads, chains and copies every body's events; returns how many it copied.</summary>
    private static async Task<long> CopyAsync(
        NpgsqlConnection connection, IReadOnlyList<byte[]> bodies, int copyBatch, AuditChainState chain, CopyClock clock, CancellationToken cancellationToken)
    {
        var pending = new List<(NewAuditEvent Event, long Sequence, byte[] Hash)>(copyBatch + (BodiesPerSlice * ScaleOutOptions.BodySize));
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

    private static async Task<int> CopyBatchAsync(NpgsqlConnection connection, List<(NewAuditEvent Event, long Sequence, byte[] Hash)> rows, CopyClock clock, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await PostgresAuditEventStore.CopyEventsAsync(connection, Tenants.Default, rows, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        clock.Add(Stopwatch.GetElapsedTime(started));
        return rows.Count;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM audit_events", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
