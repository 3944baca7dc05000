using System.Diagnostics;
using Tollgate.Bench;
using Tollgate.GatewayLoad;

// The gateway load harness; bench/load/run builds everything in Release, installs wrk and nginx if needed, and calls this.
var options = LoadOptions.Parse(args, out var error);
if (options is null)
{
    if (!string.IsNullOrEmpty(error))
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine(LoadOptions.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}

if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("The gateway load harness runs on Linux only (wrk, nginx, /proc).");
    return 2;
}

if (RepositoryLayout.Locate() is not { } layout)
{
    Console.Error.WriteLine("Run it from inside the repository: no Tollgate.slnx above the harness or the working directory.");
    return 2;
}

var serverDll = Path.GetFullPath(options.ServerDll ?? layout.ServerDll);
var missing = new[] { layout.UpstreamDll, layout.BareYarpDll, serverDll }.Where(path => !File.Exists(path)).ToArray();
if (missing.Length > 0)
{
    Console.Error.WriteLine($"Not built: {string.Join(", ", missing)}. Use bench/load/run, which builds them in Release.");
    return 2;
}

if (typeof(LoadOptions).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false) is [DebuggableAttribute { IsJITOptimizerDisabled: true }])
{
    Console.Error.WriteLine("warning: the harness is a Debug build; its fixed-rate client is then slower than the one measured in docs/benchmarks.md.");
}

// Ctrl+C and kill unwind the run instead of ending the process (see StopSignals).
using var stop = new StopSignals();

try
{
    var (tools, notFound) = await ExternalTools.LocateAsync(stop.Token);
    if (tools is null)
    {
        Console.Error.WriteLine(notFound);
        return 2;
    }

    var report = await new GatewayLoadRun(options, layout, tools, serverDll, Console.Error).RunAsync(stop.Token);
    var markdown = MarkdownReport.Render(report);
    var output = Path.GetFullPath(options.OutputPath ?? Path.Combine(layout.Results, $"gateway-load-{report.StartedAt:yyyyMMdd-HHmmss}.md"));
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    await File.WriteAllTextAsync(output, markdown);
    Console.WriteLine(markdown);
    Console.WriteLine($"Report: {output}");

    var skipped = report.Targets.Where(t => t.Skipped is not null).Select(t => t.Title).ToArray();
    var errors = report.ClosedLoop.Sum(m => m.Result.Errors) + report.FixedRate.Sum(m => m.Result.Errors);
    if (skipped.Length > 0 || errors > 0)
    {
        Console.Error.WriteLine($"Incomplete: {(skipped.Length > 0 ? $"skipped {string.Join(", ", skipped)}; " : "")}{errors:N0} failed requests.");
        return 1;
    }

    return 0;
}
catch (OperationCanceledException) when (stop.IsStopRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
{
    Console.Error.WriteLine($"The run failed: {ex.Message}");
    return 1;
}
