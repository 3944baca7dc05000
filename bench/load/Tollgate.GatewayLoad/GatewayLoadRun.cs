using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Tollgate.GatewayLoad;

/// <summary>
/// One run: start the upstream and every proxy, check that each answers as configured, warm each up, then measure
/// every target on every workload in interleaved repetitions (the target order rotates each repetition), and finally
/// the latency at a fixed rate, also interleaved. Every process is killed when the run ends, however it ends.
/// </summary>
internal sealed class GatewayLoadRun(LoadOptions options, RepositoryLayout layout, ExternalTools tools, string serverDll, TextWriter progress)
{
    private static readonly TimeSpan SettleWindow = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(20);

    // Idle enough: under 8% of one core over the window (CPU time is counted in 10 ms ticks).
    private const double SettleCpuFraction = 0.08;

    private const string TollgateDirectory = "tollgate";

    private readonly List<ChildProcess> _processes = [];

    public async Task<GatewayLoadReport> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var busy = await OtherWorkBeforeAsync(cancellationToken);
        var body = Encoding.UTF8.GetBytes((await File.ReadAllTextAsync(layout.PostBody, cancellationToken)).Trim());
        Workload[] workloads = [Workload.Get, Workload.Post(body)];
        var directory = Directory.CreateTempSubdirectory("tollgate-gateway-load-").FullName;
        try
        {
            var (targets, apiKey, upstream) = await StartAsync(directory, cancellationToken);
            var checks = new List<string>();
            targets = await CheckAsync(targets, workloads, apiKey, checks, cancellationToken);
            var measured = targets.Where(t => t.Skipped is null).ToArray();
            var answered = measured.ToDictionary(t => t.Key, _ => (long)workloads.Length);
            var wrk = await WrkRunner.CreateAsync(tools.Wrk, directory, options, upstream, workloads, apiKey, cancellationToken);

            if (options.WarmupSeconds > 0)
            {
                foreach (var target in measured)
                {
                    foreach (var workload in workloads)
                    {
                        progress.WriteLine($"warm-up: {target.Title}, {workload.Title}, {options.WarmupSeconds} s");
                        answered[target.Key] += (await wrk.RunAsync(target, workload, options.WarmupSeconds, cancellationToken)).Requests;
                    }
                }
            }

            var closedLoop = new List<ClosedLoopMeasurement>();
            for (var repetition = 1; repetition <= options.Repetitions; repetition++)
            {
                foreach (var target in Rotate(measured, repetition - 1))
                {
                    foreach (var workload in workloads)
                    {
                        var settled = await SettleAsync(cancellationToken);
                        var result = await wrk.RunAsync(target, workload, options.DurationSeconds, cancellationToken);
                        closedLoop.Add(new ClosedLoopMeasurement(repetition, target.Key, workload.Key, result, settled));
                        answered[target.Key] += result.Requests;
                        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"run {repetition}/{options.Repetitions}: {target.Title}, {workload.Title}: {result.RequestsPerSecond:N0} req/s, p50 {result.P50Microseconds / 1000.0:N2} ms, p99 {result.P99Microseconds / 1000.0:N2} ms, errors {result.Errors:N0} (settled in {settled.TotalSeconds:N1} s)"));
                    }
                }
            }

            var rates = new Dictionary<string, double>();
            var fixedRate = new List<FixedRateMeasurement>();
            var fixedTargets = measured.Where(t => TargetKeys.FixedRate.Contains(t.Key)).ToArray();
            if (options.LatencySeconds > 0 && fixedTargets.Any(t => t.Key == TargetKeys.BareYarp))
            {
                foreach (var workload in workloads)
                {
                    var peak = GatewayLoadReport.Median(closedLoop.Where(m => m.Target == TargetKeys.BareYarp && m.Workload == workload.Key).Select(m => m.Result.RequestsPerSecond)) ?? 0;
                    rates[workload.Key] = Math.Max(1, Math.Round(peak * options.RateFraction / 100) * 100);
                }

                for (var repetition = 1; repetition <= options.Repetitions; repetition++)
                {
                    foreach (var target in Rotate(fixedTargets, repetition - 1))
                    {
                        foreach (var workload in workloads)
                        {
                            await SettleAsync(cancellationToken);
                            var result = await FixedRateRunner.RunAsync(target, workload, apiKey, rates[workload.Key], options.LatencySeconds, options.Connections, cancellationToken);
                            fixedRate.Add(new FixedRateMeasurement(repetition, target.Key, workload.Key, result));
                            answered[target.Key] += result.Answered;
                            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                                $"fixed rate {repetition}/{options.Repetitions}: {target.Title}, {workload.Title} at {rates[workload.Key]:N0} req/s: p50 {result.P50Microseconds / 1000.0:N2} ms, p99 {result.P99Microseconds / 1000.0:N2} ms, errors {result.Errors:N0}"));
                        }
                    }
                }
            }

            foreach (var process in _processes)
            {
                process.EnsureRunning();
            }

            var (stored, storedError) = await CountStoredAsync(Path.Combine(directory, TollgateDirectory), measured, answered, cancellationToken);
            return new GatewayLoadReport(
                startedAt, clock.Elapsed, MachineInfo.Current(tools), busy, options, targets, workloads, checks, closedLoop, rates, fixedRate, stored, storedError);
        }
        finally
        {
            foreach (var process in _processes)
            {
                await process.DisposeAsync();
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException ex)
            {
                progress.WriteLine($"Could not delete {directory}: {ex.Message}");
            }
        }
    }

    private async Task<(Target[] Targets, string ApiKey, ChildProcess Upstream)> StartAsync(string directory, CancellationToken cancellationToken)
    {
        var noEnvironment = new Dictionary<string, string>();
        var upstreamPort = ChildProcess.FreeLoopbackPort();
        progress.WriteLine($"starting the upstream on 127.0.0.1:{upstreamPort}");
        var upstream = Keep(await ChildProcess.StartAsync(
            "upstream", "dotnet", [layout.UpstreamDll, "--port", $"{upstreamPort}"], upstreamPort, directory, noEnvironment, cancellationToken));

        var yarpPort = ChildProcess.FreeLoopbackPort();
        progress.WriteLine($"starting bare YARP on 127.0.0.1:{yarpPort}");
        var yarp = Keep(await ChildProcess.StartAsync(
            "bare YARP", "dotnet", [layout.BareYarpDll, "--port", $"{yarpPort}", "--upstream", $"http://127.0.0.1:{upstreamPort}/"], yarpPort, directory, noEnvironment, cancellationToken));

        var nginxPort = ChildProcess.FreeLoopbackPort();
        progress.WriteLine($"starting nginx on 127.0.0.1:{nginxPort}");
        var nginx = Keep(await NginxProxy.StartAsync(tools.Nginx, Path.Combine(directory, "nginx"), nginxPort, upstreamPort, cancellationToken));

        var tollgatePort = ChildProcess.FreeLoopbackPort();
        progress.WriteLine($"starting Tollgate on 127.0.0.1:{tollgatePort}");
        var (tollgate, apiKey) = await TollgateServer.StartAsync(serverDll, Path.Combine(directory, TollgateDirectory), tollgatePort, upstreamPort, layout.PostBodySchema, options.ServerConfiguration, cancellationToken);
        Keep(tollgate);

        Target[] targets =
        [
            new(TargetKeys.Direct, "direct to the upstream", upstream, ""),
            new(TargetKeys.Nginx, "nginx", nginx, "/svc"),
            new(TargetKeys.BareYarp, "bare YARP", yarp, "/svc"),
            new(TargetKeys.TollgateMetadata, "Tollgate, metadata capture", tollgate, TollgateServer.MetadataPrefix),
            new(TargetKeys.TollgateBodies, "Tollgate, body capture", tollgate, TollgateServer.BodiesPrefix),
        ];
        return (targets, apiKey, upstream);
    }

    private ChildProcess Keep(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>
    /// One request per target and workload must succeed; a Tollgate target that does not answer 2xx (no gateway yet,
    /// or a wrong route) is skipped with the reason. Tollgate's routes must also refuse a call without the key (401)
    /// and a body its schema rejects (400), or the pipeline measured is not the full one: that is recorded.
    /// </summary>
    private async Task<Target[]> CheckAsync(Target[] targets, Workload[] workloads, string apiKey, List<string> checks, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var checkedTargets = new List<Target>();
        foreach (var target in targets)
        {
            string? skipped = null;
            foreach (var workload in workloads)
            {
                var (status, text) = await SendAsync(client, target, workload, apiKey, workload.Body, cancellationToken);
                if (status is < 200 or >= 300)
                {
                    skipped ??= $"{workload.Method} {target.Url(workload).PathAndQuery} answered {status}{(text.Length > 0 ? $": {text}" : "")}";
                }
            }

            var isTollgate = target.Key is TargetKeys.TollgateMetadata or TargetKeys.TollgateBodies;
            if (skipped is not null && !isTollgate)
            {
                throw new InvalidOperationException($"{target.Title}: {skipped}");
            }

            if (isTollgate && skipped is null)
            {
                var (unauthenticated, _) = await SendAsync(client, target, Workload.Get, apiKey: null, body: null, cancellationToken);
                var post = workloads.Single(w => w.Body is not null);
                var (invalid, _) = await SendAsync(client, target, post, apiKey, "{\"not\":\"the schema\"}"u8.ToArray(), cancellationToken);
                checks.Add(unauthenticated == 401 && invalid == 400
                    ? $"{target.Title}: answers 2xx with the key, 401 without it, 400 to a body the schema rejects: the full pipeline."
                    : $"{target.Title}: **not the full pipeline**: without the API key it answered {unauthenticated} (expected 401), to a body the schema rejects {invalid} (expected 400).");
            }

            if (skipped is not null)
            {
                checks.Add($"{target.Title}: **skipped**, {skipped}.");
                progress.WriteLine($"{target.Title}: skipped, {skipped}");
            }

            checkedTargets.Add(target with { Skipped = skipped });
        }

        return [.. checkedTargets];
    }

    private static async Task<(int Status, string Text)> SendAsync(
        HttpClient client, Target target, Workload workload, string? apiKey, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(workload.Method), target.Url(workload));
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return ((int)response.StatusCode, text.Length > 300 ? text[..300] + "…" : text);
        }
        catch (HttpRequestException ex)
        {
            return (0, ex.Message);
        }
    }

    // Once Tollgate is idle again (its writer has drained what it captured), counts what it stored per route.
    private async Task<(IReadOnlyList<StoredCaptures> Stored, string? Error)> CountStoredAsync(
        string tollgateDirectory, Target[] measured, Dictionary<string, long> answered, CancellationToken cancellationToken)
    {
        (string Key, string Route)[] routes = [(TargetKeys.TollgateMetadata, TollgateServer.MetadataRoute), (TargetKeys.TollgateBodies, TollgateServer.BodiesRoute)];
        if (!measured.Any(t => routes.Any(r => r.Key == t.Key)))
        {
            return ([], null);
        }

        await SettleAsync(cancellationToken);
        try
        {
            var counts = await CaptureStore.CountByRouteAsync(TollgateServer.DatabasePath(tollgateDirectory), cancellationToken);
            return (routes
                .Where(r => answered.ContainsKey(r.Key))
                .Select(r => counts.TryGetValue(r.Route, out var count)
                    ? new StoredCaptures(r.Key, answered[r.Key], count.Rows, count.WithDetail)
                    : new StoredCaptures(r.Key, answered[r.Key], 0, 0))
                .ToArray(), null);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            return ([], ex.Message);
        }
    }

    // Waits until every process the run started is (nearly) idle, so a target's background work (Tollgate writing
    // what it captured) is not charged to the next measurement; returns how long that took.
    private async Task<TimeSpan> SettleAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < SettleLimit)
        {
            var before = TotalCpu();
            await Task.Delay(SettleWindow, cancellationToken);
            if ((TotalCpu() - before) < SettleWindow * SettleCpuFraction)
            {
                break;
            }
        }

        return clock.Elapsed;
    }

    private TimeSpan TotalCpu() => _processes.Aggregate(TimeSpan.Zero, (sum, process) => sum + process.CpuTime());

    // Share of the machine's CPU that other work used in the second before anything starts.
    private static async Task<double> OtherWorkBeforeAsync(CancellationToken cancellationToken)
    {
        var sample = OtherWork.Start();
        await Task.Delay(1000, cancellationToken);
        return sample.Share();
    }

    private static IEnumerable<Target> Rotate(Target[] targets, int by) =>
        targets.Length == 0 ? targets : targets.Skip(by % targets.Length).Concat(targets.Take(by % targets.Length));
}
