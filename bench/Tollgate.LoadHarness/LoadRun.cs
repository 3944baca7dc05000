using Tollgate.Bench;

namespace Tollgate.LoadHarness;

/// <summary>
/// One run: warm both paths up, then alternate RAW and BULK so background noise falls on both alike, then SINGLE.
/// RAW's file and the server's file start empty and receive the same rows in the same order, so neither inserts
/// into bigger indexes than the other. Every measurement sends events never sent before (later timestamps, new
/// ids), as a live system would; a RAW/BULK pair sends the same ones.
/// </summary>
internal static class LoadRun
{
    private static readonly TimeSpan SingleWarmup = TimeSpan.FromSeconds(3);

    public static async Task<HarnessReport> RunAsync(HarnessOptions options, string serverDll, TextWriter progress, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var warmupEvents = Math.Max(4, options.Events / HarnessOptions.BatchSize / 4) * HarnessOptions.BatchSize;
        var warmupBodies = BuildBodies(0, warmupEvents);
        var limit = TimeSpan.FromSeconds(Math.Max(120, options.Events / 1_000.0));
        var root = Directory.CreateTempSubdirectory("tollgate-load-");
        try
        {
            var rawDirectory = root.CreateSubdirectory("raw");
            var serverDirectory = root.CreateSubdirectory("server");
            await using var raw = await RawInsertRunner.OpenAsync(Path.Combine(rawDirectory.FullName, "tollgate.db"), cancellationToken);
            await using var server = await ServerProcess.StartAsync(serverDll, serverDirectory.FullName, cancellationToken);
            progress.WriteLine($"server ready at {server.BaseAddress}; data in {root.FullName}");
            using var bulk = new BulkApiRunner(server);

            var rawWarmup = await raw.RunAsync(warmupBodies, limit, cancellationToken);
            progress.WriteLine($"warm-up RAW  {Describe(rawWarmup)}");
            var bulkWarmup = await RunBulkAsync(bulk, server, warmupBodies, limit, cancellationToken);
            progress.WriteLine($"warm-up BULK {Describe(bulkWarmup)}");

            var rawRuns = new List<Throughput>();
            var bulkRuns = new List<Throughput>();
            for (var i = 1; i <= options.Repetitions; i++)
            {
                var bodies = BuildBodies(warmupEvents + ((i - 1) * options.Events), options.Events);
                rawRuns.Add(await raw.RunAsync(bodies, limit, cancellationToken));
                progress.WriteLine($"run {i} RAW  {Describe(rawRuns[^1])}");
                bulkRuns.Add(await RunBulkAsync(bulk, server, bodies, limit, cancellationToken));
                progress.WriteLine($"run {i} BULK {Describe(bulkRuns[^1])}");
            }

            using var single = new SingleEventRunner(server.BaseAddress, server.ApiKey);
            var latency = await single.RunAsync(SingleWarmup, TimeSpan.FromSeconds(options.DurationSeconds), cancellationToken);
            progress.WriteLine($"SINGLE {latency.RequestsPerSecond:N0} req/s, p50 {latency.P50Milliseconds:N2} ms, p99 {latency.P99Milliseconds:N2} ms, {latency.Errors} errors");

            return new HarnessReport(
                startedAt,
                MachineInfo.Current(),
                options,
                new ThroughputSeries("RAW", rawWarmup, rawRuns),
                new ThroughputSeries("BULK", bulkWarmup, bulkRuns),
                latency);
        }
        finally
        {
            DeleteQuietly(root);
        }
    }

    private static async Task<Throughput> RunBulkAsync(BulkApiRunner bulk, ServerProcess server, IReadOnlyList<byte[]> bodies, TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            return await bulk.RunAsync(bodies, HarnessOptions.BatchSize, limit, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TimeoutException)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}Server output:{Environment.NewLine}{server.OutputTail()}", ex);
        }
    }

    private static string Describe(Throughput run) =>
        $"{run.EventsPerSecond,10:N0} events/s ({run.Seconds:N2} s, store CPU {run.CpuMicrosecondsPerEvent:N1} µs/event{(run.ClientCpuSeconds > 0 ? $", client CPU {run.ClientCpuSeconds:N2} s" : "")})";

    private static List<byte[]> BuildBodies(int firstEvent, int events)
    {
        var bodies = new List<byte[]>(events / HarnessOptions.BatchSize);
        for (var first = firstEvent; first < firstEvent + events; first += HarnessOptions.BatchSize)
        {
            bodies.Add(Seed002Events.Array(first, HarnessOptions.BatchSize));
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
