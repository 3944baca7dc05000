using System.Globalization;
using System.Text;

namespace Tollgate.GatewayLoad;

/// <summary>Renders a <see cref="GatewayLoadReport"/> as the Markdown that docs/benchmarks.md carries.</summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    // A run that lost more of the machine than this to other work is flagged.
    private const double OtherWorkLimit = 0.05;

    public static string Render(GatewayLoadReport report)
    {
        var text = new StringBuilder();
        var o = report.Options;
        var m = report.Machine;
        text.AppendLine(C, $"# Gateway load, {report.StartedAt:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(C, $"- Machine: {m.Cpu}, {m.Cores} cores, kernel {m.Kernel}, {m.OperatingSystem}, {m.Runtime}; {m.Wrk}; nginx {m.Nginx}. CPU taken by other work in the second before the run: {report.OtherWorkBefore:P0}.");
        text.AppendLine(C, $"- Peak rate: wrk, {o.Threads} threads, {o.Connections} connections, {o.DurationSeconds} s per run, {o.Repetitions} interleaved repetitions (target order rotated each time), after {o.WarmupSeconds} s of warm-up per target and workload. Medians over the repetitions.");
        text.AppendLine(C, $"- Tollgate: the Release build with its shipped defaults and two gateway routes (bench/load/Tollgate.GatewayLoad/TollgateServer.cs){(o.ServerConfiguration.Count == 0 ? "" : $", plus {string.Join(", ", o.ServerConfiguration.Select(c => $"`{c}`"))}")}.");
        text.AppendLine(C, $"- Everything on 127.0.0.1: wrk, the proxy and the upstream share the {m.Cores} cores, alike for every target. Run time {report.Elapsed.TotalMinutes:N1} min.");
        text.AppendLine();
        text.AppendLine("Checks before measuring:");
        text.AppendLine();
        foreach (var check in report.Checks.DefaultIfEmpty("(none)"))
        {
            text.AppendLine(C, $"- {check}");
        }

        foreach (var workload in report.Workloads)
        {
            AppendPeak(text, report, workload);
        }

        AppendRatios(text, report);
        AppendFixedRate(text, report);
        AppendStored(text, report);
        AppendNotes(text, report);
        return text.ToString();
    }

    private static void AppendPeak(StringBuilder text, GatewayLoadReport report, Workload workload)
    {
        text.AppendLine();
        text.AppendLine(C, $"## Peak requests/s: {workload.Title}");
        text.AppendLine();
        text.Append("| target |");
        for (var i = 1; i <= report.Options.Repetitions; i++)
        {
            text.Append(C, $" run {i} |");
        }

        text.AppendLine(" **median** | p50 ms | p99 ms | target CPU µs/req | upstream CPU µs/req | errors | other work |");
        text.Append("|---|");
        text.Append(string.Concat(Enumerable.Repeat("---:|", report.Options.Repetitions + 7)));
        text.AppendLine();
        foreach (var target in report.Targets)
        {
            if (target.Skipped is not null)
            {
                text.AppendLine(C, $"| {target.Title} | skipped (see the checks) |");
                continue;
            }

            var runs = report.ClosedLoop.Where(r => r.Target == target.Key && r.Workload == workload.Key).OrderBy(r => r.Repetition).Select(r => r.Result).ToArray();
            text.Append(C, $"| {target.Title} |");
            foreach (var run in runs)
            {
                text.Append(C, $" {run.RequestsPerSecond:N0} |");
            }

            text.AppendLine(C, $" **{Median(runs, r => r.RequestsPerSecond):N0}** | {Median(runs, r => r.P50Microseconds / 1000.0):N2} | {Median(runs, r => r.P99Microseconds / 1000.0):N2} | {Median(runs, r => r.TargetCpuMicrosecondsPerRequest):N1} | {Median(runs, r => r.Requests > 0 ? r.UpstreamCpu.TotalMicroseconds / r.Requests : 0):N1} | {runs.Sum(r => r.Errors):N0} | {runs.Max(r => r.OtherWorkShare):P0} |");
        }

        text.AppendLine();
        text.AppendLine("\"target CPU\" is the process measured (for \"direct\", the upstream itself), from /proc, divided by the requests wrk completed; wrk's p50/p99 are at the peak rate, where requests queue, and are not the latency budget's figures (see the fixed-rate table). \"other work\": the most CPU, as a share of the whole machine, that processes the harness did not start used during any of the runs.");
    }

    private static void AppendRatios(StringBuilder text, GatewayLoadReport report)
    {
        text.AppendLine();
        text.AppendLine("## Ratios (of the median requests/s)");
        text.AppendLine();
        text.Append("| ratio |");
        foreach (var workload in report.Workloads)
        {
            text.Append(C, $" {workload.Title} |");
        }

        text.AppendLine(" budget |");
        text.Append("|---|");
        text.Append(string.Concat(Enumerable.Repeat("---:|", report.Workloads.Count)));
        text.AppendLine("---|");
        (string Numerator, string Denominator, double? Target)[] ratios =
        [
            (TargetKeys.TollgateMetadata, TargetKeys.BareYarp, GatewayLoadReport.MetadataRatioTarget),
            (TargetKeys.TollgateBodies, TargetKeys.BareYarp, GatewayLoadReport.BodiesRatioTarget),
            (TargetKeys.TollgateMetadata, TargetKeys.Nginx, null),
            (TargetKeys.TollgateBodies, TargetKeys.Nginx, null),
            (TargetKeys.BareYarp, TargetKeys.Nginx, null),
            (TargetKeys.Nginx, TargetKeys.Direct, null),
            (TargetKeys.BareYarp, TargetKeys.Direct, null),
        ];
        foreach (var (numerator, denominator, target) in ratios)
        {
            text.Append(C, $"| {Title(report, numerator)} / {Title(report, denominator)} |");
            var verdicts = new List<bool>();
            foreach (var workload in report.Workloads)
            {
                var ratio = report.MedianRate(numerator, workload.Key) / report.MedianRate(denominator, workload.Key);
                text.Append(ratio is { } r ? string.Create(C, $" **{r:N2}** |") : " — |");
                if (ratio is { } value && target is { } floor)
                {
                    verdicts.Add(value >= floor);
                }
            }

            text.AppendLine(target is { } t
                ? string.Create(C, $" ≥ {t:N2}: {(verdicts.Count == 0 ? "not measured" : Verdict(verdicts.TrueForAll(v => v)))} |")
                : " |");
        }
    }

    private static void AppendFixedRate(StringBuilder text, GatewayLoadReport report)
    {
        text.AppendLine();
        text.AppendLine("## Latency at a fixed rate");
        text.AppendLine();
        if (report.FixedRate.Count == 0)
        {
            text.AppendLine(report.Options.LatencySeconds == 0 ? "Not run (--latency-duration 0)." : "Not run: bare YARP, whose peak sets the rate, was not measured.");
            return;
        }

        var o = report.Options;
        text.AppendLine(C, $"Open loop (wrk2's method, in the harness): each request is due at a fixed time and its latency counts from then, {o.Connections} kept-alive connections, {o.LatencySeconds} s measured after 1 s unmeasured, {o.Repetitions} interleaved repetitions. Rate: {o.RateFraction:P0} of bare YARP's median peak for the workload. Added p99 = median p99 − bare YARP's median p99; budget ≤ {GatewayLoadReport.AddedP99TargetMilliseconds:N0} ms.");
        text.AppendLine();
        text.Append("| workload | rate req/s | target |");
        for (var i = 1; i <= o.Repetitions; i++)
        {
            text.Append(C, $" p99 run {i} |");
        }

        text.AppendLine(" p50 ms | **p99 ms** | p99.9 ms | max ms | target CPU µs/req | errors | other work | added p99 ms |");
        text.Append("|---|---:|---|");
        text.Append(string.Concat(Enumerable.Repeat("---:|", o.Repetitions + 8)));
        text.AppendLine();
        foreach (var workload in report.Workloads)
        {
            var baseline = report.MedianFixedRateP99(TargetKeys.BareYarp, workload.Key);
            foreach (var target in report.Measured.Where(t => TargetKeys.FixedRate.Contains(t.Key)))
            {
                var runs = report.FixedRate.Where(r => r.Target == target.Key && r.Workload == workload.Key).OrderBy(r => r.Repetition).Select(r => r.Result).ToArray();
                if (runs.Length == 0)
                {
                    continue;
                }

                text.Append(C, $"| {workload.Title} | {report.FixedRates[workload.Key]:N0} | {target.Title} |");
                foreach (var run in runs)
                {
                    text.Append(C, $" {run.P99Microseconds / 1000.0:N2} |");
                }

                var p99 = report.MedianFixedRateP99(target.Key, workload.Key);
                var added = target.Key is TargetKeys.TollgateMetadata or TargetKeys.TollgateBodies
                    ? string.Create(C, $"{p99 - baseline:N2} ({Verdict(p99 - baseline <= GatewayLoadReport.AddedP99TargetMilliseconds)})")
                    : "—";
                text.AppendLine(C, $" {Median(runs, r => r.P50Microseconds / 1000.0):N2} | **{p99:N2}** | {Median(runs, r => r.P999Microseconds / 1000.0):N2} | {Median(runs, r => r.MaxMicroseconds / 1000.0):N2} | {Median(runs, r => r.Completed > 0 ? r.TargetCpu.TotalMicroseconds / r.Completed : 0):N1} | {runs.Sum(r => r.Errors):N0} | {runs.Max(r => r.OtherWorkShare):P0} | {added} |");
            }
        }
    }

    private static void AppendStored(StringBuilder text, GatewayLoadReport report)
    {
        if (report.Stored.Count == 0 && report.StoredError is null)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("## Captured exchanges stored");
        text.AppendLine();
        if (report.StoredError is not null)
        {
            text.AppendLine(C, $"Could not count them in Tollgate's database: {report.StoredError}");
            return;
        }

        text.AppendLine("Counted in Tollgate's database after the run, once the server was idle, against the 2xx answers the harness received on the route (warm-up, peak and fixed-rate runs, checks). Requests still in flight when a wrk run ends are answered but not counted by wrk, so up to one per connection per run may be stored beyond the answered count.");
        text.AppendLine();
        text.AppendLine("| route | answered 2xx | rows stored | stored / answered | rows with detail (headers, bodies) |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var stored in report.Stored)
        {
            text.AppendLine(C, $"| {Title(report, stored.Target)} | {stored.Answered:N0} | {stored.Rows:N0} | {(stored.Answered > 0 ? (double)stored.Rows / stored.Answered : 0):P1} | {stored.WithDetail:N0} |");
        }
    }

    private static void AppendNotes(StringBuilder text, GatewayLoadReport report)
    {
        var notes = new List<string>();
        foreach (var target in report.Measured)
        {
            var runs = report.ClosedLoop.Where(r => r.Target == target.Key).ToArray();
            var lines = runs.Sum(r => r.Result.TargetOutputLines);
            if (lines > 0)
            {
                var last = LastLogEntry(target.Process.OutputTail());
                notes.Add(string.Create(C, $"{target.Title} wrote {lines:N0} lines of output during its peak runs (logging on the request path costs throughput); the last entry: `{(last.Length > 240 ? last[..240] + "…" : last)}`."));
            }
        }

        // How long the processes took to go idle before each run: long waits after a target mean background work it left behind.
        foreach (var group in report.ClosedLoop.Zip(report.ClosedLoop.Skip(1)).GroupBy(pair => pair.First.Target))
        {
            var longest = group.Max(pair => pair.Second.SettledIn);
            if (longest > TimeSpan.FromSeconds(1))
            {
                notes.Add(string.Create(C, $"After {Title(report, group.Key)}'s runs the processes took up to {longest.TotalSeconds:N1} s to go idle (background work, e.g. writing captured exchanges); the next run waited for it."));
            }
        }

        var shares = report.ClosedLoop.Select(r => r.Result.OtherWorkShare).Concat(report.FixedRate.Select(r => r.Result.OtherWorkShare)).ToArray();
        var disturbed = shares.Count(share => share > OtherWorkLimit);
        if (disturbed > 0 || report.OtherWorkBefore > OtherWorkLimit)
        {
            notes.Add(string.Create(C, $"**Other work shared the machine**: {disturbed} of {shares.Length} runs lost more than {OtherWorkLimit:P0} of the machine's CPU to processes the harness did not start (up to {shares.DefaultIfEmpty(0).Max():P0}; {report.OtherWorkBefore:P0} in the second before the run). Their figures are suspect; run again on an idle machine."));
        }

        if (notes.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("## Notes");
        text.AppendLine();
        foreach (var note in notes)
        {
            text.AppendLine(C, $"- {note}");
        }
    }

    // The console logger writes "warn: Category[id]" and the message on the next line; a stack trace may follow.
    private static string LastLogEntry(string output)
    {
        var lines = output.Split(Environment.NewLine);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            if (lines[i].Length > 6 && lines[i][4] == ':' && lines[i][..4] is "trce" or "dbug" or "info" or "warn" or "fail" or "crit")
            {
                return i + 1 < lines.Length ? $"{lines[i].Trim()} {lines[i + 1].Trim()}" : lines[i].Trim();
            }
        }

        return lines.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
    }

    private static string Title(GatewayLoadReport report, string key) => report.Targets.FirstOrDefault(t => t.Key == key)?.Title ?? key;

    private static double Median<T>(IEnumerable<T> runs, Func<T, double> value) => GatewayLoadReport.Median(runs.Select(value)) ?? 0;

    private static string Verdict(bool met) => met ? "met" : "**missed**";
}
