using System.Diagnostics;

namespace Tollgate.ScaleOutLoad;

/// <summary>
/// Redis memory per pending event: an ingest node and no collector, on a fresh database and an emptied Redis; 100,000
/// events go in through <c>POST /api/v1/logs/bulk</c> and stay in the stream. <c>used_memory</c> is read before the
/// first send and after the last 202 (after a second, so the AOF buffer of the last writes is flushed and freed).
/// </summary>
internal static class PendingMemoryRunner
{
    public const int Events = 100_000;

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    public static async Task<PendingMemoryResult> RunAsync(
        LoadCluster cluster, IReadOnlyList<byte[]> bodies, int senders, TimeSpan limit, CancellationToken cancellationToken)
    {
        const string name = "pending";
        if (bodies.Count * ScaleOutOptions.BodySize != Events)
        {
            throw new ArgumentException($"The pending-memory run sends {Events:N0} events.", nameof(bodies));
        }

        var connectionString = await cluster.Postgres.CreateDatabaseAsync(name, cancellationToken);
        await cluster.Redis.FlushAsync();
        NodeProcess? ingest = null;
        try
        {
            ingest = await cluster.StartNodeAsync($"{name}-ingest", "ingest", connectionString, cancellationToken);
            await Task.Delay(Settle, cancellationToken);
            var before = await cluster.Redis.MemoryAsync("used_memory");
            using var sender = new BulkSender(ingest.BaseAddress, cluster.Credentials.AccessToken, senders);
            var started = Stopwatch.GetTimestamp();
            var lastAcknowledged = await sender.SendAsync(bodies, limit, cancellationToken);
            await Task.Delay(Settle, cancellationToken);
            var after = await cluster.Redis.MemoryAsync("used_memory");
            return new PendingMemoryResult(
                Events, before, after, await cluster.Redis.StreamLengthsAsync(), Stopwatch.GetElapsedTime(started, lastAcknowledged).TotalSeconds);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            throw new InvalidOperationException($"{name}: {ex.Message}{Environment.NewLine}{ingest?.OutputTail()}", ex);
        }
        finally
        {
            if (ingest is not null)
            {
                await ingest.DisposeAsync();
            }

            await cluster.Postgres.DropDatabaseAsync(name, CancellationToken.None);
        }
    }
}
