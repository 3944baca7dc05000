using Tollgate.Bench;
using Tollgate.LoadHarness;

namespace Tollgate.ScaleOutLoad;

/// <summary>
/// One run: start a PostgreSQL and a Redis of our own, warm PostgreSQL up with one untimed RAW pass, then repeat RAW,
/// E2E-1, E2E-2 in turn so background noise falls on all three alike, then measure Redis memory per pending event.
/// Every run sends the same events (warm-up, then the measured ones) into a fresh database, so none of them inserts
/// into bigger indexes than another.
/// </summary>
internal static class ScaleOutRun
{
    private static readonly TimeSpan IdleProbe = TimeSpan.FromSeconds(2);
    private const double BusyWarning = 0.10;

    public static async Task<ScaleOutReport> RunAsync(ScaleOutOptions options, string serverDll, TextWriter progress, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;

        // Other work on the machine skews every figure; say so up front rather than find out from odd results.
        var quiet = MachineCpu.Sample();
        await Task.Delay(IdleProbe, cancellationToken);
        var busyBefore = MachineCpu.Sample().BusyFractionSince(quiet);
        if (busyBefore > BusyWarning)
        {
            progress.WriteLine($"warning: the machine was {busyBefore:P0} busy before the run started; the figures will be lower and noisier than on an idle machine.");
        }

        var warmupEvents = Math.Clamp(options.Events / 10 / ScaleOutOptions.BodySize, 10, 100) * ScaleOutOptions.BodySize;
        var warmupBodies = BuildBodies(0, warmupEvents);
        var bodies = BuildBodies(warmupEvents, options.Events);
        var limit = TimeSpan.FromSeconds(Math.Max(180, options.Events / 2_000.0));

        // Not CreateTempSubdirectory: its mode 0700 would keep PostgreSQL (running as user postgres) out.
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"tollgate-scaleout-{Guid.NewGuid():N}"));
        try
        {
            await using var postgres = await PostgresServer.StartNewAsync(Path.Combine(root.FullName, "postgres"), cancellationToken);
            await using var redis = await RedisServer.StartNewAsync(Path.Combine(root.FullName, "redis"), cancellationToken);
            progress.WriteLine($"PostgreSQL {postgres.Version} on port {postgres.Port}, Redis {redis.Version} on port {redis.Port}; files in {root.FullName}");
            var cluster = new LoadCluster(postgres, redis, serverDll, Path.Combine(root.FullName, "nodes"));

            // A new cluster creates its WAL segment files as it first writes and recycles them afterwards, so a first
            // run pays for file creation that no later run does. One untimed RAW pass of the full size pays it up front.
            var serverWarmup = await RawCopyRunner.RunAsync(postgres, "raw_0", warmupBodies, bodies, options.CopyBatch, limit, cancellationToken);
            progress.WriteLine($"warm-up RAW {serverWarmup.EventsPerSecond,10:N0} events/s (not counted: PostgreSQL creates its WAL files)");

            var repetitions = new List<ScaleOutRepetition>();
            for (var i = 1; i <= options.Repetitions; i++)
            {
                var raw = await RawCopyRunner.RunAsync(postgres, $"raw_{i}", warmupBodies, bodies, options.CopyBatch, limit, cancellationToken);
                progress.WriteLine($"run {i} RAW   {raw.EventsPerSecond,10:N0} events/s ({raw.CopySeconds:N2} s in {raw.Batches} COPY transactions, {raw.WallSeconds:N2} s with preparation)");
                var one = await EndToEndRunner.RunAsync(cluster, $"e2e1_{i}", 1, warmupBodies, bodies, options.Senders, limit, cancellationToken);
                progress.WriteLine($"run {i} E2E-1 {Describe(one)}");
                var two = await EndToEndRunner.RunAsync(cluster, $"e2e2_{i}", 2, warmupBodies, bodies, options.Senders, limit, cancellationToken);
                progress.WriteLine($"run {i} E2E-2 {Describe(two)}");
                repetitions.Add(new ScaleOutRepetition(i, raw, one, two));
            }

            var pending = await PendingMemoryRunner.RunAsync(cluster, BuildBodies(0, PendingMemoryRunner.Events), options.Senders, limit, cancellationToken);
            progress.WriteLine($"pending: {pending.BytesPerEvent:N0} bytes per event in Redis ({pending.Entries:N0} stream entries for {pending.Events:N0} events)");
            return new ScaleOutReport(startedAt, MachineInfo.Current(), busyBefore, options, postgres.Version, redis.Version, warmupEvents, serverWarmup, repetitions, pending);
        }
        finally
        {
            DeleteQuietly(root);
        }
    }

    private static string Describe(EndToEndResult run) =>
        $"{run.EventsPerSecond,10:N0} events/s ({run.EndToEndSeconds:N2} s; ingest {run.IngestEventsPerSecond:N0} events/s, last 202 at {run.IngestSeconds:N2} s; " +
        $"CPU µs/event ingest {run.IngestCpuMicrosecondsPerEvent:N1}, collectors {run.CollectorCpuMicrosecondsPerEvent:N1}; machine {run.MachineBusy:P0} busy)";

    private static List<byte[]> BuildBodies(int firstEvent, int events)
    {
        var bodies = new List<byte[]>(events / ScaleOutOptions.BodySize);
        for (var first = firstEvent; first < firstEvent + events; first += ScaleOutOptions.BodySize)
        {
            bodies.Add(Seed002Events.Array(first, ScaleOutOptions.BodySize));
        }

        return bodies;
    }

    private static void DeleteQuietly(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans its temp directory eventually.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
