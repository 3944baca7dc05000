using System.Globalization;
using System.Text;
using Tollgate.LoadHarness;

namespace Tollgate.AnalyticsLoad;

/// <summary>Renders an <see cref="AnalyticsReport"/> as the Markdown tables docs/benchmarks.md carries.</summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Render(AnalyticsReport report)
    {
        var text = new StringBuilder();
        var o = report.Options;
        text.AppendLine(C, $"Measured {report.StartedAt:yyyy-MM-dd HH:mm} UTC on {report.Machine.Cpu}, {report.Machine.Cores} cores, {report.Machine.OperatingSystem}, {report.Machine.Runtime}; machine {report.MachineBusyBefore:P0} busy before the start.");
        text.AppendLine(C, $"{report.Store}; server and senders on 127.0.0.1. Records: {TrafficCatalogue.Routes.Count} routes of {TrafficCatalogue.Routes.Select(r => r.Service).Distinct().Count()} services, {TrafficCatalogue.Consumers.Count} API consumers and {TrafficCatalogue.AnonymousShare:P0} anonymous callers, seed {o.Seed}, timestamps spread over {(report.WindowEnd - report.WindowStart).TotalDays:0.#} days before the start; bodies of {AnalyticsOptions.BodySize:N0} records to `POST /api/v1/requests` from {RecordSender.Clients} clients. Minute rollups kept {report.MinuteRetentionDays} days (the whole window).");
        text.AppendLine();
        if (report.WriteCost is { } cost)
        {
            AppendWriteCost(text, cost);
        }

        AppendLoad(text, report);
        AppendQueries(text, report);
        text.AppendLine("| answer checked | expected | answered | |");
        text.AppendLine("|---|---:|---:|---|");
        foreach (var check in report.Checks)
        {
            text.AppendLine(C, $"| {check.What} | {check.Expected} | {check.Actual} | {(check.Passed ? "ok" : "**mismatch**")} |");
        }

        return text.ToString();
    }

    private static void AppendWriteCost(StringBuilder text, WriteCostResult cost)
    {
        var runs = cost.Repetitions;
        text.AppendLine(C, $"Write path with and without rollups: {cost.Records:N0} records per load after {cost.WarmupRecords:N0} untimed, spread over {(cost.WindowMinutes is { } minutes ? $"{minutes:N0} minutes (--write-minutes)" : $"{cost.WindowDays:N2} days (as dense as the big load)")}, each load on a fresh server and database; {runs.Count} pairs, the order alternating (off first in odd pairs).");
        text.AppendLine();
        text.Append("| | ");
        foreach (var run in runs)
        {
            text.Append(C, $"run {run.Number} | ");
        }

        text.AppendLine("median |");
        text.Append("|---|");
        for (var i = 0; i <= runs.Count; i++)
        {
            text.Append("---:|");
        }

        text.AppendLine();
        Row(text, "`Analytics:Rollups=false` (records/s)", runs, r => r.Without.Load.RecordsPerSecond, cost.MedianWithout, "N0");
        Row(text, "`Analytics:Rollups=true` (records/s)", runs, r => r.With.Load.RecordsPerSecond, cost.MedianWith, "N0");
        Row(text, "with ÷ without", runs, r => r.Ratio, cost.Ratio, "N2");
        Row(text, "rollups off: server CPU µs per record", runs, r => r.Without.Load.ServerCpuMicrosecondsPerRecord, null, "N1");
        Row(text, "rollups on: server CPU µs per record", runs, r => r.With.Load.ServerCpuMicrosecondsPerRecord, null, "N1");
        Row(text, "rollups off: machine busy (% of all cores)", runs, r => r.Without.Load.MachineBusy * 100, null, "N0");
        Row(text, "rollups on: machine busy (% of all cores)", runs, r => r.With.Load.MachineBusy * 100, null, "N0");
        Row(text, "rollups off: bytes per record on disk", runs, r => r.Without.BytesPerRecord, null, "N0");
        Row(text, "rollups on: bytes per record on disk", runs, r => r.With.BytesPerRecord, null, "N0");
        Row(text, "rollups on: rollup rows per record", runs, r => r.With.RollupRowsPerRecord, null, "N2");
        text.AppendLine();
        text.AppendLine(C, $"- With ÷ without (ratio of medians): **{cost.Ratio:N2}**, target ≥ {WriteCostResult.RatioTarget:N2}: {Verdict(cost.RatioTargetMet)}");
        text.AppendLine(C, $"- Server CPU per record: {cost.MedianCpuWithout:N1} µs without, {cost.MedianCpuWith:N1} µs with rollups ({(cost.MedianCpuWith / cost.MedianCpuWithout) - 1:+0%;-0%;0%})");
        text.AppendLine(C, $"- On disk: {cost.MedianBytesWithout:N0} bytes per record without, {cost.MedianBytesWith:N0} with rollups ({(cost.MedianBytesWith / cost.MedianBytesWithout) - 1:+0%;-0%;0%})");
        text.AppendLine();
    }

    private static void AppendLoad(StringBuilder text, AnalyticsReport report)
    {
        var big = report.Load;
        var load = big.Load;
        var perMinute = load.Records / (report.WindowEnd - report.WindowStart).TotalMinutes;
        text.AppendLine("| load, rollups on | records | errors sent | records/minute of the window | seconds | records/s | server CPU µs/record | machine busy | bytes on disk | bytes/record | rollup rows/record |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        text.AppendLine(C, $"| one fresh server | {load.Records:N0} | {report.Sent.Errors:N0} ({(double)report.Sent.Errors / report.Sent.Records:P2}) | {perMinute:N0} | {load.Seconds:N1} | **{load.RecordsPerSecond:N0}** | {load.ServerCpuMicrosecondsPerRecord:N1} | {load.MachineBusy:P0} | {big.Disk.Bytes:N0} | **{big.BytesPerRecord:N0}** | {big.RollupRowsPerRecord:N2} |");
        text.AppendLine();
        text.AppendLine(C, $"On disk: {big.Disk.Measured}{(big.SettleSeconds > 0 ? $", once the rollups had settled ({big.SettleSeconds:N1} s after the last acknowledgement)" : "")}. Rollup rows: {string.Join(", ", big.Disk.RollupRows.Select(w => $"{w.Value:N0} {w.Key}"))}.");
        text.AppendLine();
        if (big.Disk.TableBytes.Count > 0)
        {
            text.AppendLine("| table (with its indexes) | bytes | bytes/record | share |");
            text.AppendLine("|---|---:|---:|---:|");
            var total = big.Disk.TableBytes.Values.Sum();
            foreach (var (table, bytes) in big.Disk.TableBytes.Where(t => t.Value > 0))
            {
                text.AppendLine(C, $"| {table} | {bytes:N0} | {(double)bytes / load.Records:N1} | {(double)bytes / total:P1} |");
            }

            text.AppendLine();
        }
    }

    private static void AppendQueries(StringBuilder text, AnalyticsReport report)
    {
        var calls = report.Queries.Count == 0 ? 0 : report.Queries[0].Calls;
        text.AppendLine(C, $"Analytics endpoints against the {report.Load.Load.Records:N0} records, with a `read` key: {QueryRunner.WarmupRounds} warm-up rounds, then {calls} measured rounds, every call sequential (one in flight), time to the last byte of the answer.");
        text.AppendLine();
        text.Append("| endpoint |");
        foreach (var hours in QueryRunner.Ranges)
        {
            text.Append(C, $" hours={hours}: median ms | p90 ms | answer bytes |");
        }

        text.AppendLine();
        text.Append("|---|");
        foreach (var _ in QueryRunner.Ranges)
        {
            text.Append("---:|---:|---:|");
        }

        text.AppendLine();
        foreach (var endpoint in report.Queries.Select(q => q.Endpoint).Distinct())
        {
            text.Append(C, $"| {endpoint} |");
            foreach (var hours in QueryRunner.Ranges)
            {
                var q = report.Queries.Single(x => x.Endpoint == endpoint && x.Hours == hours);
                var median = q.MedianMilliseconds.ToString("N2", C);
                text.Append(C, $" {(q.MedianMilliseconds > AnalyticsReport.LatencyTargetMilliseconds ? $"**{median}**" : median)} | {q.P90Milliseconds:N2} | {q.ResponseBytes:N0} |");
            }

            text.AppendLine();
        }

        text.AppendLine();
        var slowest = report.Queries.MaxBy(q => q.MedianMilliseconds);
        text.AppendLine(C, $"- Every endpoint's median ≤ {AnalyticsReport.LatencyTargetMilliseconds:N0} ms: {Verdict(report.LatencyTargetMet)}{(slowest is null ? "" : $" (slowest: {slowest.Endpoint}, hours={slowest.Hours}, {slowest.MedianMilliseconds:N2} ms)")}");
        text.AppendLine(C, $"- Paths called: {string.Join(", ", report.Queries.Select(q => $"`{q.Path}`"))}");
        text.AppendLine();
    }

    private static void Row(StringBuilder text, string name, IReadOnlyList<WriteCostRepetition> runs, Func<WriteCostRepetition, double> value, double? median, string format)
    {
        text.Append(C, $"| {name} | ");
        foreach (var run in runs)
        {
            text.Append(value(run).ToString(format, C)).Append(" | ");
        }

        // Rates and ratios carry the report's figure in bold (a ratio is the ratio of the medians); the rest their median.
        text.AppendLine(median is { } m
            ? $"**{m.ToString(format, C)}** |"
            : $"{Statistics.Median(runs.Select(value).ToArray()).ToString(format, C)} |");
    }

    private static string Verdict(bool met) => met ? "met" : "**missed**";
}
