using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Tollgate.GatewayLoad;

/// <summary>
/// Runs wrk (closed loop: every connection sends its next request as soon as the last answer arrived, so the rate is
/// the target's peak) with a generated Lua script per workload that sets method, headers and body, and prints wrk's
/// exact summary as one line this class parses, instead of the rounded text report.
/// </summary>
internal sealed class WrkRunner
{
    private const string Marker = "TOLLGATE-WRK";

    private readonly string _wrk;
    private readonly LoadOptions _options;
    private readonly ChildProcess _upstream;
    private readonly Dictionary<string, string> _scripts;

    private WrkRunner(string wrk, LoadOptions options, ChildProcess upstream, Dictionary<string, string> scripts)
    {
        _wrk = wrk;
        _options = options;
        _upstream = upstream;
        _scripts = scripts;
    }

    /// <summary>Writes one script per workload into <paramref name="directory"/>; every request carries <paramref name="apiKey"/>.</summary>
    public static async Task<WrkRunner> CreateAsync(
        string wrk, string directory, LoadOptions options, ChildProcess upstream, IEnumerable<Workload> workloads, string apiKey, CancellationToken cancellationToken)
    {
        var scripts = new Dictionary<string, string>();
        foreach (var workload in workloads)
        {
            var path = Path.Combine(directory, $"wrk-{workload.Key}.lua");
            await File.WriteAllTextAsync(path, Script(workload, apiKey), cancellationToken);
            scripts[workload.Key] = path;
        }

        return new WrkRunner(wrk, options, upstream, scripts);
    }

    /// <summary>Runs <paramref name="workload"/> against <paramref name="target"/> for <paramref name="seconds"/>.</summary>
    public async Task<WrkResult> RunAsync(Target target, Workload workload, int seconds, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            $"-t{_options.Threads}", $"-c{_options.Connections}", $"-d{seconds}s", "--timeout", "5s", "-s", _scripts[workload.Key], target.Url(workload).ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var targetCpu = target.Process.CpuTime();
        var upstreamCpu = _upstream.CpuTime();
        var lines = target.Process.OutputLines;
        var otherWork = OtherWork.Start();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            // wrk stops by itself after `seconds`; the margin covers its start and the last requests' timeout.
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(seconds + 30), cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        targetCpu = target.Process.CpuTime() - targetCpu;
        upstreamCpu = _upstream.CpuTime() - upstreamCpu;
        lines = target.Process.OutputLines - lines;
        var otherShare = otherWork.Share();
        var text = await output;
        var summary = text.Split('\n').FirstOrDefault(line => line.StartsWith(Marker, StringComparison.Ordinal));
        if (process.ExitCode != 0 || summary is null)
        {
            // A target that died explains the failure better than wrk's "connection refused".
            target.Process.EnsureRunning();
            _upstream.EnsureRunning();
            throw new InvalidOperationException($"wrk exited with {process.ExitCode} and no summary:{Environment.NewLine}{text}{await error}");
        }

        var f = summary[(Marker.Length + 1)..].Split(' ').Select(v => long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray();
        // duration requests connect read write status timeout p50 p99
        return new WrkResult(
            Requests: f[1],
            Seconds: f[0] / 1e6,
            P50Microseconds: f[7],
            P99Microseconds: f[8],
            SocketErrors: f[2] + f[3] + f[4] + f[6],
            StatusErrors: f[5],
            TargetCpu: targetCpu,
            UpstreamCpu: upstreamCpu,
            TargetOutputLines: lines,
            OtherWorkShare: otherShare);
    }

    // Every target gets the same request bytes but for the path: the API key goes to all of them (only Tollgate checks
    // it). wrk.format adds Host and, with a body, Content-Length.
    private static string Script(Workload workload, string apiKey)
    {
        var script = new StringBuilder();
        script.AppendLine(CultureInfo.InvariantCulture, $"wrk.method = \"{workload.Method}\"");
        script.AppendLine(CultureInfo.InvariantCulture, $"wrk.headers[\"Authorization\"] = \"Bearer {apiKey}\"");
        if (workload.Body is { } body)
        {
            var text = Encoding.UTF8.GetString(body);
            if (text.Contains("]==]", StringComparison.Ordinal) || text.Contains('\n', StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The POST body must be one line without ']==]' to be embedded in the wrk script.");
            }

            script.AppendLine("wrk.headers[\"Content-Type\"] = \"application/json\"");
            script.AppendLine(CultureInfo.InvariantCulture, $"wrk.body = [==[{text}]==]");
        }

        script.AppendLine($$"""
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("{{Marker}} %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\n",
                summary.duration, summary.requests, e.connect, e.read, e.write, e.status, e.timeout,
                latency:percentile(50), latency:percentile(99)))
            end
            """);
        return script.ToString();
    }
}
