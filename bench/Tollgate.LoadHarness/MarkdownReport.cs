using System.Globalization;
using System.Text;

namespace Tollgate.LoadHarness;

/// <summary>Renders a <see cref="HarnessReport"/> as the Markdown tables docs/benchmarks.md carries.</summary>
internal static class MarkdownReport
{
    public static string Render(HarnessReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var runs = report.Raw.Runs.Count;
        text.AppendLine(c, $"Measured {report.StartedAt:yyyy-MM-dd HH:mm} UTC on {report.Machine.Cpu}, {report.Machine.Cores} cores, {report.Machine.OperatingSystem}, {report.Machine.Runtime}.");
        text.AppendLine(c, $"{report.Options.Events:N0} events per measurement, batches of {HarnessOptions.BatchSize:N0}, {runs} alternating RAW/BULK pairs after a warm-up of each.");
        text.AppendLine();
        text.Append("| | ");
        for (var i = 1; i <= runs; i++)
        {
            text.Append(c, $"run {i} | ");
        }

        text.AppendLine("median |");
        text.Append("|---|");
        for (var i = 0; i <= runs; i++)
        {
            text.Append("---:|");
        }

        text.AppendLine();
        AppendSeries(text, $"RAW: store AppendAsync, {RawInsertRunner.Writers} writers (events/s)", report.Raw);
        AppendSeries(text, $"API BULK: POST /api/v1/logs/bulk, {BulkApiRunner.Clients} clients (events/s)", report.Bulk);
        text.Append("| API/RAW | ");
        for (var i = 0; i < runs; i++)
        {
            text.Append(c, $"{report.Bulk.Runs[i].EventsPerSecond / report.Raw.Runs[i].EventsPerSecond:N2} | ");
        }

        text.AppendLine(c, $"**{report.Ratio:N2}** |");
        AppendCpu(text, "RAW: CPU µs per event (store in this process)", report.Raw);
        AppendCpu(text, "API BULK: CPU µs per event (server process)", report.Bulk);
        text.AppendLine();
        text.AppendLine(c, $"- API/RAW (ratio of medians): **{report.Ratio:N2}**, target ≥ {HarnessReport.RatioTarget:N2}: {Verdict(report.RatioTargetMet)}");
        text.AppendLine(c, $"- API BULK median: **{report.Bulk.MedianEventsPerSecond:N0} events/s**, target ≥ {HarnessReport.RateTarget:N0}: {Verdict(report.RateTargetMet)}");
        text.AppendLine();
        var single = report.Single;
        text.AppendLine("| SINGLE: POST /events (seed 002) | clients | seconds | requests | req/s | p50 ms | p99 ms | max ms | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        text.AppendLine(c, $"| durable ack per request | {single.Clients} | {single.Seconds:N1} | {single.Requests:N0} | {single.RequestsPerSecond:N0} | {single.P50Milliseconds:N2} | {single.P99Milliseconds:N2} | {single.MaxMilliseconds:N2} | {single.Errors:N0} |");
        return text.ToString();
    }

    private static void AppendSeries(StringBuilder text, string name, ThroughputSeries series)
    {
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"| {name} | ");
        foreach (var run in series.Runs)
        {
            text.Append(c, $"{run.EventsPerSecond:N0} | ");
        }

        text.AppendLine(c, $"**{series.MedianEventsPerSecond:N0}** |");
    }

    private static void AppendCpu(StringBuilder text, string name, ThroughputSeries series)
    {
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"| {name} | ");
        foreach (var run in series.Runs)
        {
            text.Append(c, $"{run.CpuMicrosecondsPerEvent:N1} | ");
        }

        text.AppendLine(c, $"{series.MedianCpuMicrosecondsPerEvent:N1} |");
    }

    private static string Verdict(bool met) => met ? "met" : "**missed**";
}
