using System.Globalization;

namespace Tollgate.LoadHarness;

/// <summary>The command line: <c>--events N --duration S --server-dll PATH --out PATH --repetitions R</c>.</summary>
internal sealed record HarnessOptions
{
    public const int BatchSize = 1_000;

    /// <summary>Events per RAW and per BULK measurement; a multiple of <see cref="BatchSize"/>. Default 200,000.</summary>
    public int Events { get; init; } = 200_000;

    /// <summary>Measured seconds of the SINGLE measurement, after its warm-up. Default 10.</summary>
    public int DurationSeconds { get; init; } = 10;

    /// <summary>RAW/BULK pairs, alternating. Default 3.</summary>
    public int Repetitions { get; init; } = 3;

    /// <summary>The built server; null to locate the Release build from the repository root.</summary>
    public string? ServerDll { get; init; }

    /// <summary>Where the JSON results go; null for a new file in the temp directory.</summary>
    public string? OutputPath { get; init; }

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Tollgate.LoadHarness -- [options]
          --events N        events per RAW and per BULK measurement, a multiple of 1000 up to 10^7 (default 200000)
          --duration S      measured seconds of the single-event measurement (default 10)
          --repetitions R   RAW/BULK pairs, alternating; medians are reported (default 3)
          --server-dll PATH the built Tollgate.Server.dll (default: src/Tollgate.Server/bin/Release/net10.0 under
                            the repository root; build it with `dotnet build -c Release Tollgate.slnx`)
          --out PATH        JSON results (default: a new file in the temp directory)
        """;

    /// <summary>Parses <paramref name="args"/>; returns null and an error message when they are wrong.</summary>
    public static HarnessOptions? Parse(string[] args, out string? error)
    {
        var options = new HarnessOptions();
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
                case "--events" when TryPositive(value, out var events) && events % BatchSize == 0 && events <= 10_000_000:
                    options = options with { Events = events };
                    break;
                case "--events":
                    error = $"--events must be a multiple of {BatchSize} from {BatchSize} to 10,000,000, not '{value}'.";
                    return null;
                case "--duration" when TryPositive(value, out var seconds) && seconds <= 3_600:
                    options = options with { DurationSeconds = seconds };
                    break;
                case "--duration":
                    error = $"--duration must be 1 to 3600 seconds, not '{value}'.";
                    return null;
                case "--repetitions" when TryPositive(value, out var repetitions) && repetitions <= 25:
                    options = options with { Repetitions = repetitions };
                    break;
                case "--repetitions":
                    error = $"--repetitions must be 1 to 25, not '{value}'.";
                    return null;
                case "--server-dll":
                    options = options with { ServerDll = value };
                    break;
                case "--out":
                    options = options with { OutputPath = value };
                    break;
                default:
                    error = $"Unknown option '{name}'.";
                    return null;
            }
        }

        return options;
    }

    private static bool TryPositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
