using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using Npgsql;
using StackExchange.Redis;
using Tollgate.ScaleOutLoad;
using Tollgate.Storage.Postgres;

var options = ScaleOutOptions.Parse(args, out var error);
if (options is null)
{
    if (!string.IsNullOrEmpty(error))
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine(ScaleOutOptions.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}

// Absolute, because each node runs with its own temp directory as working directory.
var serverDll = options.ServerDll is { } given ? Path.GetFullPath(given) : DefaultServerDll();
if (serverDll is null || !File.Exists(serverDll))
{
    Console.Error.WriteLine($"The server is not built{(serverDll is null ? "" : $" ({serverDll})")}. Build it first, from the repository root: dotnet build -c Release Tollgate.slnx");
    return 2;
}

if (typeof(PostgresMigrator).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
{
    Console.Error.WriteLine("warning: the benchmark is a Debug build, so RAW runs an unoptimised client; use -c Release.");
}

var outputPath = Path.GetFullPath(options.OutputPath ?? Path.Combine(Path.GetTempPath(), $"tollgate-scaleout-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json"));
Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
options = options with { ServerDll = serverDll, OutputPath = outputPath };
using var stop = new CancellationTokenSource();

// Ctrl+C, kill and the like unwind the run instead of ending the process, so the nodes, PostgreSQL and Redis are
// stopped and the temp directory deleted.
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);

try
{
    var report = await ScaleOutRun.RunAsync(options, serverDll, Console.Error, stop.Token);
    Console.WriteLine(MarkdownReport.Render(report));
    await File.WriteAllBytesAsync(outputPath, JsonSerializer.SerializeToUtf8Bytes(report, ScaleOutJsonContext.Default.ScaleOutReport));
    Console.WriteLine($"JSON results: {outputPath}");
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or IOException or NpgsqlException or RedisException)
{
    Console.Error.WriteLine($"The run failed: {ex.Message}");
    return 1;
}

// The repository root is the first directory above the benchmark (or the working directory) holding Tollgate.slnx.
static string? DefaultServerDll()
{
    foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tollgate.slnx")))
            {
                return Path.Combine(directory.FullName, "src", "Tollgate.Server", "bin", "Release", "net10.0", "Tollgate.Server.dll");
            }
        }
    }

    return null;
}
