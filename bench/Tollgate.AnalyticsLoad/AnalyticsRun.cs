using Tollgate.LoadHarness;
using Tollgate.ScaleOutLoad;

namespace Tollgate.AnalyticsLoad;

/// <summary>
/// One run. First the write cost: pairs of fresh servers, one with rollups off and one with them on, each taking an
/// untimed warm-up and then the same records, the order alternating from pair to pair so drift falls on both alike.
/// Then the big load into a fresh server with rollups on, its size on disk, and the analytics endpoints' latency
/// against it, with their answers checked against what was sent.
/// </summary>
/// <remarks>
/// Every record of the run lies in the window that ends at the run's start, so a load is history arriving late: the
/// ranges the endpoints are asked about cover it whatever the load's duration. Minute rollups are kept for the whole
/// window (<see cref="AnalyticsReport.MinuteRetentionDays"/>), so no retention job deletes rows in the middle of a
/// measurement and every run keeps the same rows.
/// </remarks>
internal static class AnalyticsRun
{
    private static readonly TimeSpan IdleProbe = TimeSpan.FromSeconds(2);
    private const double BusyWarning = 0.10;

    public static async Task<AnalyticsReport> RunAsync(AnalyticsOptions options, string serverDll, TextWriter progress, CancellationToken cancellationToken)
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

        var windowEnd = new DateTimeOffset(startedAt.UtcTicks - (startedAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var windowStart = windowEnd - options.Window;
        var minuteRetentionDays = Math.Max(7, (int)Math.Ceiling(options.Window.TotalDays) + 1);

        // Not CreateTempSubdirectory: its mode 0700 would keep PostgreSQL (running as user postgres) out.
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"tollgate-analytics-{Guid.NewGuid():N}"));
        try
        {
            await using IBenchStore store = options.Store == "postgres"
                ? await PostgresBenchStore.StartAsync(Path.Combine(root.FullName, "postgres"), cancellationToken)
                : await SqliteBenchStore.CreateAsync(cancellationToken);
            progress.WriteLine($"{store.Description}; files in {root.FullName}");
            progress.WriteLine($"records from {windowStart:yyyy-MM-dd HH:mm:ss} to {windowEnd:yyyy-MM-dd HH:mm:ss} UTC; minute rollups kept {minuteRetentionDays} days");
            var servers = new ServerFactory(store, serverDll, Path.Combine(root.FullName, "servers"), minuteRetentionDays);

            WriteCostResult? writeCost = null;
            if (options.EffectiveWriteRecords > 0)
            {
                writeCost = await RunWriteCostAsync(options, servers, windowStart, progress, cancellationToken);
            }

            var series = new RequestSeries(options.Seed, options.Records, windowStart, options.Window);
            var sent = series.Totals();
            await using var server = await servers.StartAsync("load", rollups: true, cancellationToken);
            progress.WriteLine($"load: {options.Records:N0} records ({sent.Errors:N0} errors, {sent.ServerErrors:N0} of them 5xx) into {server.BaseAddress}, rollups on");
            using var sender = new RecordSender(server);
            var load = await sender.RunAsync(
                options.Records / AnalyticsOptions.BodySize,
                b => series.Body((long)b * AnalyticsOptions.BodySize, AnalyticsOptions.BodySize),
                AnalyticsOptions.BodySize,
                LoadLimit(options.Records),
                progress,
                cancellationToken);
            var bigLoad = await servers.MeasureAsync("load", load, options.Records, cancellationToken);
            progress.WriteLine($"load: {Describe(bigLoad)}");

            using var queries = new QueryRunner(server);
            var latencies = await queries.RunAsync(options.Calls, cancellationToken);
            foreach (var query in latencies)
            {
                progress.WriteLine($"{query.Hours,4} h {query.Endpoint,-26} median {query.MedianMilliseconds,8:N2} ms, p90 {query.P90Milliseconds,8:N2} ms ({query.ResponseBytes:N0} bytes)");
            }

            var checks = await AnswerChecks.RunAsync(queries, series, sent, cancellationToken);
            foreach (var check in checks)
            {
                progress.WriteLine($"check {check.What}: expected {check.Expected}, answered {check.Actual}: {(check.Passed ? "ok" : "MISMATCH")}");
            }

            return new AnalyticsReport(
                startedAt,
                MachineInfo.Current(),
                busyBefore,
                options with { WriteRecords = options.EffectiveWriteRecords },
                store.Description,
                minuteRetentionDays,
                windowStart,
                windowEnd,
                sent,
                writeCost,
                bigLoad,
                latencies,
                checks);
        }
        finally
        {
            DeleteQuietly(root);
        }
    }

    private static async Task<WriteCostResult> RunWriteCostAsync(
        AnalyticsOptions options, ServerFactory servers, DateTimeOffset windowStart, TextWriter progress, CancellationToken cancellationToken)
    {
        var records = options.EffectiveWriteRecords;
        var warmupBodies = Math.Clamp(records / 10 / AnalyticsOptions.BodySize, 10, 100);
        var measuredBodies = records / AnalyticsOptions.BodySize;

        // As dense in time as the big load's records (within the window), or as --write-minutes asks: the rollups' cost
        // per record depends on how many records share a bucket. Built once, before any clock runs, and sent to every
        // server.
        var count = (long)(warmupBodies + measuredBodies) * AnalyticsOptions.BodySize;
        var span = options.WriteMinutes is { } minutes
            ? TimeSpan.FromMinutes(minutes)
            : TimeSpan.FromTicks(Math.Min(options.Window.Ticks, (long)(options.Window.Ticks * ((double)count / options.Records))));
        var series = new RequestSeries(options.Seed, count, windowStart, span);
        var bodies = new byte[warmupBodies + measuredBodies][];
        Parallel.For(0, bodies.Length, new ParallelOptions { CancellationToken = cancellationToken }, b => bodies[b] = series.Body((long)b * AnalyticsOptions.BodySize, AnalyticsOptions.BodySize));
        progress.WriteLine($"write cost: {records:N0} records per load after {warmupBodies * AnalyticsOptions.BodySize:N0} untimed, over {span.TotalDays:N2} days; {options.Repetitions} pairs; bodies of {bodies.Average(b => b.Length):N0} bytes");

        var repetitions = new List<WriteCostRepetition>();
        var limit = LoadLimit(records);
        for (var r = 1; r <= options.Repetitions; r++)
        {
            // Off first in odd pairs, on first in even ones.
            var rollupsFirst = r % 2 == 0;
            MeasuredLoad? without = null, with = null;
            foreach (var rollups in rollupsFirst ? new[] { true, false } : [false, true])
            {
                var name = $"cost{r}_{(rollups ? "on" : "off")}";
                var result = await LoadOnceAsync(servers, name, rollups, bodies, warmupBodies, limit, cancellationToken);
                progress.WriteLine($"run {r} rollups {(rollups ? "on " : "off")} {Describe(result)}");
                if (rollups)
                {
                    with = result;
                }
                else
                {
                    without = result;
                }
            }

            repetitions.Add(new WriteCostRepetition(r, rollupsFirst, without!, with!));
        }

        return new WriteCostResult(records, warmupBodies * AnalyticsOptions.BodySize, span.TotalDays, options.WriteMinutes, repetitions);
    }

    private static async Task<MeasuredLoad> LoadOnceAsync(
        ServerFactory servers, string name, bool rollups, byte[][] bodies, int warmupBodies, TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await using var server = await servers.StartAsync(name, rollups, cancellationToken);
            using var sender = new RecordSender(server);
            await sender.RunAsync(warmupBodies, b => bodies[b], AnalyticsOptions.BodySize, limit, progress: null, cancellationToken);
            var load = await sender.RunAsync(bodies.Length - warmupBodies, b => bodies[warmupBodies + b], AnalyticsOptions.BodySize, limit, progress: null, cancellationToken);
            return await servers.MeasureAsync(name, load, (long)bodies.Length * AnalyticsOptions.BodySize, cancellationToken);
        }
        finally
        {
            await servers.DeleteAsync(name);
        }
    }

    // Generous: a load slower than 1,000 records/s is broken, not slow.
    private static TimeSpan LoadLimit(int records) => TimeSpan.FromSeconds(Math.Max(180, records / 1_000.0));

    private static string Describe(MeasuredLoad measured)
    {
        var load = measured.Load;
        return $"{load.RecordsPerSecond,10:N0} records/s ({load.Seconds:N2} s; server CPU {load.ServerCpuMicrosecondsPerRecord:N1} µs/record, " +
            $"client CPU {load.ClientCpuSeconds:N2} s; machine {load.MachineBusy:P0} busy); {measured.BytesPerRecord:N0} bytes/record on disk, " +
            $"{measured.RollupRowsPerRecord:N2} rollup rows/record{(measured.SettleSeconds > 0 ? $", settled {measured.SettleSeconds:N1} s after" : "")}";
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
