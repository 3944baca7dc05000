using System.Diagnostics;
using Npgsql;

namespace Tollgate.ScaleOutLoad;

/// <summary>
/// E2E: one node with role <c>ingest</c> and one or more with role <c>collector</c>, on a fresh database and an emptied
/// Redis. After a warm-up (sent, then waited for until stored), the measured bodies go to <c>POST /api/v1/logs/bulk</c>
/// from the senders, and the clock runs from the first send until PostgreSQL holds every event; the last 202 gives the
/// ingest-only rate on the way.
/// </summary>
/// <remarks>
/// Progress is polled every 100 ms from the tenant's chain head (<c>audit_chain_heads.sequence</c>, committed with the
/// rows it counts, and without gaps), one index lookup instead of a <c>count(*)</c> over a growing table that would take
/// CPU from the run on two cores; when it reaches the total, one <c>count(*)</c> checks it exactly.
/// </remarks>
internal static class EndToEndRunner
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<EndToEndResult> RunAsync(
        LoadCluster cluster, string name, int collectors, IReadOnlyList<byte[]> warmupBodies, IReadOnlyList<byte[]> bodies, int senders,
        TimeSpan limit, CancellationToken cancellationToken)
    {
        var connectionString = await cluster.Postgres.CreateDatabaseAsync(name, cancellationToken);
        await cluster.Redis.FlushAsync();
        var nodes = new List<NodeProcess>();
        try
        {
            // The ingest node first: it migrates the database while the collectors are not yet there to wait on the lock.
            var ingest = await cluster.StartNodeAsync($"{name}-ingest", "ingest", connectionString, cancellationToken);
            nodes.Add(ingest);
            for (var c = 1; c <= collectors; c++)
            {
                nodes.Add(await cluster.StartNodeAsync($"{name}-collector-{c}", "collector", connectionString, cancellationToken));
            }

            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            using var sender = new BulkSender(ingest.BaseAddress, cluster.Credentials.AccessToken, senders);
            long warmupEvents = warmupBodies.Count * ScaleOutOptions.BodySize;
            var warmup = sender.SendAsync(warmupBodies, limit, cancellationToken);
            await WaitUntilStoredAsync(dataSource, warmupEvents, warmup, limit, cancellationToken);
            await warmup;

            long events = bodies.Count * ScaleOutOptions.BodySize;
            var collectorNodes = nodes.Skip(1).ToArray();
            var ingestCpu = ingest.CpuTime();
            var collectorCpu = Sum(collectorNodes.Select(n => n.CpuTime()));
            var machine = MachineCpu.Sample();
            var started = Stopwatch.GetTimestamp();
            var sending = sender.SendAsync(bodies, limit, cancellationToken);
            var storedAt = await WaitUntilStoredAsync(dataSource, warmupEvents + events, sending, limit, cancellationToken);
            var lastAcknowledged = await sending;
            var result = new EndToEndResult(
                collectors,
                events,
                Stopwatch.GetElapsedTime(started, lastAcknowledged).TotalSeconds,
                Stopwatch.GetElapsedTime(started, storedAt).TotalSeconds,
                (ingest.CpuTime() - ingestCpu).TotalSeconds,
                (Sum(collectorNodes.Select(n => n.CpuTime())) - collectorCpu).TotalSeconds,
                MachineCpu.Sample().BusyFractionSince(machine));

            var stored = await ScalarAsync(dataSource, "SELECT count(*) FROM audit_events", cancellationToken);
            if (stored != warmupEvents + events)
            {
                throw new InvalidOperationException($"audit_events holds {stored:N0} rows; {warmupEvents + events:N0} were sent.");
            }

            return result;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or NpgsqlException)
        {
            throw new InvalidOperationException(
                $"{name}: {ex.Message}{Environment.NewLine}{string.Join(Environment.NewLine, nodes.Select(n => n.OutputTail()))}", ex);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            await cluster.Postgres.DropDatabaseAsync(name, CancellationToken.None);
        }
    }

    /// <summary>
    /// Polls until the stored events reach <paramref name="expected"/> and returns the <see cref="Stopwatch"/> timestamp
    /// of the poll that saw it. Fails at once when <paramref name="sending"/> fails, and after <paramref name="limit"/>.
    /// </summary>
    private static async Task<long> WaitUntilStoredAsync(NpgsqlDataSource dataSource, long expected, Task sending, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        long stored = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (sending.IsFaulted)
            {
                await sending;
            }

            stored = await ScalarAsync(dataSource, "SELECT COALESCE(sum(sequence), 0)::bigint FROM audit_chain_heads", cancellationToken);
            if (stored >= expected)
            {
                return Stopwatch.GetTimestamp();
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new TimeoutException($"{stored:N0} of {expected:N0} events were stored within {limit.TotalSeconds:N0} s.");
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static TimeSpan Sum(IEnumerable<TimeSpan> times) => times.Aggregate(TimeSpan.Zero, (sum, time) => sum + time);
}
