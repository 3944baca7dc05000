using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Tollgate.AnalyticsLoad;
using Tollgate.Bench;

var options = AnalyticsOptions.Parse(args, out var error);
if (options is null)
{
    if (!string.IsNullOrEmpty(error))
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine(AnalyticsOptions.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}

// Absolute, because each server runs with its own temp directory as working directory.
var serverDll = options.ServerDll is { } given ? Path.GetFullPath(given) : RepositoryPaths.DefaultServerDll();
if (serverDll is null || !File.Exists(serverDll))
{
    Console.Error.WriteLine($"The server is not built{(serverDll is null ? "" : $" ({serverDll})")}. Build it first, from the repository root: dotnet build -c Release Tollgate.slnx");
    return 2;
}

if (typeof(RequestSeries).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
{
    Console.Error.WriteLine("warning: the benchmark is a Debug build, so the big load's senders build bodies slowly; use -c Release.");
}

var outputPath = Path.GetFullPath(options.OutputPath ?? Path.Combine(Path.GetTempPath(), $"tollgate-analytics-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json"));
Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
options = options with { ServerDll = serverDll, OutputPath = outputPath };

// Ctrl+C and kill unwind the run instead of ending the process (see StopSignals).
using var stop = new StopSignals();

try
{
    var report = await AnalyticsRun.RunAsync(options, serverDll, Console.Error, stop.Token);
    Console.WriteLine(MarkdownReport.Render(report));
    await File.WriteAllBytesAsync(outputPath, JsonSerializer.SerializeToUtf8Bytes(report, AnalyticsJsonContext.Default.AnalyticsReport));
    Console.WriteLine($"JSON results: {outputPath}");
    return report.ChecksPassed ? 0 : 1;
}
catch (OperationCanceledException) when (stop.IsStopRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or IOException or SqliteException or NpgsqlException or JsonException or KeyNotFoundException)
{
    Console.Error.WriteLine($"The run failed: {ex.Message}");
    return 1;
}
