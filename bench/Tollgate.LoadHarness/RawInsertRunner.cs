using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tollgate.Core;
using Tollgate.Core.Audit;
using Tollgate.Storage.Sqlite;

namespace Tollgate.LoadHarness;

/// <summary>
/// RAW: the store's own batch writer with nothing in front of it. Pre-read batches of 1,000 go straight to
/// <see cref="SqliteAuditEventStore.AppendAsync"/> from <see cref="Writers"/> concurrent tasks, into one SQLite file
/// opened with the store's defaults (WAL, <c>synchronous=FULL</c>), so every completed call is a durable commit.
/// </summary>
internal sealed class RawInsertRunner : IAsyncDisposable
{
    public const int Writers = 4;

    private readonly SqliteAuditEventStore _store;

    private RawInsertRunner(SqliteAuditEventStore store) => _store = store;

    public static async Task<RawInsertRunner> OpenAsync(string databasePath, CancellationToken cancellationToken)
    {
        var options = Options.Create(new SqliteStoreOptions { Path = databasePath });
        var store = new SqliteAuditEventStore(options, TimeProvider.System, NullLogger<SqliteAuditEventStore>.Instance);
        try
        {
            await store.InitializeAsync(cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }

        return new RawInsertRunner(store);
    }

    /// <summary>Reads the bodies into fresh events (new ids, untimed), then times inserting all of them.</summary>
    public async Task<Throughput> RunAsync(IReadOnlyList<byte[]> bodies, TimeSpan limit, CancellationToken cancellationToken)
    {
        var batches = EventBatches.Read(bodies);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var next = -1;
        long events = 0;
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        var writers = new Task[Writers];
        for (var w = 0; w < writers.Length; w++)
        {
            writers[w] = Task.Run(
                async () =>
                {
                    for (var b = Interlocked.Increment(ref next); b < batches.Length; b = Interlocked.Increment(ref next))
                    {
                        var results = await _store.AppendAsync(Tenants.Default, batches[b], deadline.Token);
                        if (results.Count != batches[b].Length)
                        {
                            throw new InvalidOperationException($"The store acknowledged {results.Count} of {batches[b].Length} events.");
                        }

                        Interlocked.Add(ref events, results.Count);
                    }
                },
                deadline.Token);
        }

        try
        {
            await Task.WhenAll(writers).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"RAW did not insert {batches.Sum(b => b.Length):N0} events within {limit.TotalSeconds:N0} s.");
        }

        return new Throughput(events, Stopwatch.GetElapsedTime(started).TotalSeconds, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds, 0);
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
