using System.Globalization;

namespace Tollgate.GatewayLoad;

/// <summary>The command line; every value is bounded, so a run is bounded in time.</summary>
internal sealed record LoadOptions
{
    /// <summary>Measured seconds of each wrk run. Default 10.</summary>
    public int DurationSeconds { get; init; } = 10;

    /// <summary>Seconds of wrk per target and workload before the first repetition. Default 3.</summary>
    public int WarmupSeconds { get; init; } = 3;

    /// <summary>Interleaved repetitions of every measurement. Default 3.</summary>
    public int Repetitions { get; init; } = 3;

    /// <summary>wrk connections, and the fixed-rate client's. Default 32.</summary>
    public int Connections { get; init; } = 32;

    /// <summary>wrk threads. Default 2, one per core of the reference machine.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Measured seconds of each fixed-rate run, after one second that is not counted. Default 5.</summary>
    public int LatencySeconds { get; init; } = 5;

    /// <summary>The fixed rate as a fraction of bare YARP's median peak for the same workload. Default 0.5.</summary>
    public double RateFraction { get; init; } = 0.5;

    /// <summary>The built Tollgate.Server.dll; null for the Release build under the repository root.</summary>
    public string? ServerDll { get; init; }

    /// <summary>
    /// More configuration for the Tollgate server, <c>Key:Sub=value</c> each, after the harness's own (so they win):
    /// for experiments such as a log level or a capture setting. The report lists them. Default none.
    /// </summary>
    public IReadOnlyList<string> ServerConfiguration { get; init; } = [];

    /// <summary>Where the Markdown report goes; null for a new file in bench/load/results/.</summary>
    public string? OutputPath { get; init; }

    public const string Usage = """
        Usage: bench/load/run [options]    (or: dotnet bench/load/Tollgate.GatewayLoad/bin/Release/net10.0/Tollgate.GatewayLoad.dll [options])
          --duration S        seconds of each wrk run (default 10, 1 to 120)
          --warmup S          seconds of wrk per target and workload before measuring (default 3, 0 to 60)
          --repetitions N     interleaved repetitions; medians are reported (default 3, 1 to 10)
          --connections C     wrk and fixed-rate connections (default 32, 1 to 1024)
          --threads T         wrk threads (default 2, 1 to 64)
          --latency-duration S measured seconds of each fixed-rate run (default 5, 1 to 120; 0 skips the fixed-rate runs)
          --rate-fraction F   fixed rate as a fraction of bare YARP's median peak (default 0.5, 0.05 to 1)
          --server-dll PATH   the built Tollgate.Server.dll (default: src/Tollgate.Server/bin/Release/net10.0)
          --server-config K=V more configuration for the Tollgate server (repeatable), e.g. Logging:LogLevel:Yarp=Warning
          --out PATH          the Markdown report (default: bench/load/results/gateway-load-<UTC time>.md)
        """;

    /// <summary>Parses <paramref name="args"/>; returns null and an error message (empty for --help) when it cannot.</summary>
    public static LoadOptions? Parse(string[] args, out string? error)
    {
        var options = new LoadOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                error = "";
                return null;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value.";
                return null;
            }

            var value = args[++i];
            switch (name)
            {
                case "--duration" when TryInt(value, 1, 120, out var seconds):
                    options = options with { DurationSeconds = seconds };
                    break;
                case "--warmup" when TryInt(value, 0, 60, out var seconds):
                    options = options with { WarmupSeconds = seconds };
                    break;
                case "--repetitions" when TryInt(value, 1, 10, out var repetitions):
                    options = options with { Repetitions = repetitions };
                    break;
                case "--connections" when TryInt(value, 1, 1024, out var connections):
                    options = options with { Connections = connections };
                    break;
                case "--threads" when TryInt(value, 1, 64, out var threads):
                    options = options with { Threads = threads };
                    break;
                case "--latency-duration" when TryInt(value, 0, 120, out var seconds):
                    options = options with { LatencySeconds = seconds };
                    break;
                case "--rate-fraction" when double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction) && fraction is >= 0.05 and <= 1:
                    options = options with { RateFraction = fraction };
                    break;
                case "--server-dll":
                    options = options with { ServerDll = value };
                    break;
                case "--server-config" when value.IndexOf('=', StringComparison.Ordinal) > 0:
                    options = options with { ServerConfiguration = [.. options.ServerConfiguration, value] };
                    break;
                case "--server-config":
                    error = $"--server-config takes Key=Value, not '{value}'.";
                    return null;
                case "--out":
                    options = options with { OutputPath = value };
                    break;
                case "--duration" or "--warmup" or "--repetitions" or "--connections" or "--threads" or "--latency-duration" or "--rate-fraction":
                    error = $"{name}: '{value}' is out of range; see the limits below.";
                    return null;
                default:
                    error = $"Unknown option '{name}'.";
                    return null;
            }
        }

        if (options.Threads > options.Connections)
        {
            error = "--threads cannot exceed --connections (wrk gives each thread at least one connection).";
            return null;
        }

        return options;
    }

    private static bool TryInt(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
