using System.Globalization;
using System.Text;
using Tollgate.LoadHarness;

namespace Tollgate.ScaleOutLoad;

/// <summary>Renders a <see cref="ScaleOutReport"/> as the Markdown tables docs/benchmarks.md carries.</summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Render(ScaleOutReport report)
    {
        var text = new StringBuilder();
        var o = report.Options;
        var runs = report.Repetitions;
        text.AppendLine(C, $"Measured {report.StartedAt:yyyy-MM-dd HH:mm} UTC on {report.Machine.Cpu}, {report.Machine.Cores} cores, {report.Machine.OperatingSystem}, {report.Machine.Runtime}; machine {report.MachineBusyBefore:P0} busy before the start.");
        text.AppendLine(C, $"PostgreSQL {report.PostgresVersion} (defaults: fsync on, synchronous_commit on), Redis {report.RedisVersion} (AOF, appendfsync everysec), all on 127.0.0.1.");
        text.AppendLine(C, $"{o.Events:N0} events per run after a warm-up of {report.WarmupEvents:N0}, each run on a fresh database; bodies of {ScaleOutOptions.BodySize:N0} events from {o.Senders} senders; RAW commits every {o.CopyBatch:N0} rows; {runs.Count} interleaved RAW / E2E-1 / E2E-2 repetitions after one untimed RAW pass ({report.ServerWarmup.EventsPerSecond:N0} events/s) that makes PostgreSQL create its WAL files.");
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
        Row(text, $"RAW: binary COPY into audit_events, {o.CopyBatch:N0} rows per commit (events/s)", runs, r => r.Raw.EventsPerSecond, report.RawMedian, "N0");
        Row(text, "E2E-1: bulk API → Redis → 1 collector → PostgreSQL (events/s)", runs, r => r.OneCollector.EventsPerSecond, report.OneCollectorMedian, "N0");
        Row(text, "E2E-2: the same with 2 collectors (events/s)", runs, r => r.TwoCollectors.EventsPerSecond, report.TwoCollectorsMedian, "N0");
        Row(text, "E2E-1 ingest only: until the last 202 (events/s)", runs, r => r.OneCollector.IngestEventsPerSecond, report.OneCollectorIngestMedian, "N0");
        Row(text, "E2E-2 ingest only: until the last 202 (events/s)", runs, r => r.TwoCollectors.IngestEventsPerSecond, report.TwoCollectorsIngestMedian, "N0");
        Row(text, "E2E-1/RAW", runs, r => r.OneCollector.EventsPerSecond / r.Raw.EventsPerSecond, report.OneCollectorRatio, "N2");
        Row(text, "E2E-2/RAW", runs, r => r.TwoCollectors.EventsPerSecond / r.Raw.EventsPerSecond, report.TwoCollectorsRatio, "N2");
        Row(text, "E2E-1: ingest node CPU µs per event", runs, r => r.OneCollector.IngestCpuMicrosecondsPerEvent, null, "N1");
        Row(text, "E2E-1: collector CPU µs per event", runs, r => r.OneCollector.CollectorCpuMicrosecondsPerEvent, null, "N1");
        Row(text, "E2E-2: collectors' CPU µs per event (both)", runs, r => r.TwoCollectors.CollectorCpuMicrosecondsPerEvent, null, "N1");
        Row(text, "E2E-1: machine busy (% of both cores)", runs, r => r.OneCollector.MachineBusy * 100, null, "N0");
        Row(text, "E2E-2: machine busy (% of both cores)", runs, r => r.TwoCollectors.MachineBusy * 100, null, "N0");
        text.AppendLine();
        text.AppendLine(C, $"- E2E-1/RAW (ratio of medians): **{report.OneCollectorRatio:N2}**, target ≥ {ScaleOutReport.RatioTarget:N2}: {(report.RatioTargetMet ? "met" : "**missed**")}");
        text.AppendLine(C, $"- E2E-2/RAW: **{report.TwoCollectorsRatio:N2}**; E2E-2/E2E-1: {report.TwoCollectorsMedian / report.OneCollectorMedian:N2}");
        text.AppendLine();
        var p = report.Pending;
        text.AppendLine("| Redis, events pending (ingest node, no collector) | events | stream entries | used_memory before | after | bytes per event | MiB per 100k events | ingest events/s |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        text.AppendLine(C, $"| {string.Join(", ", p.StreamLengths.Keys)} | {p.Events:N0} | {p.Entries:N0} | {p.UsedMemoryBefore:N0} | {p.UsedMemoryAfter:N0} | {p.BytesPerEvent:N0} | {p.MebibytesPer100k:N1} | {p.IngestEventsPerSecond:N0} |");
        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, IReadOnlyList<ScaleOutRepetition> runs, Func<ScaleOutRepetition, double> value, double? median, string format)
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
}
