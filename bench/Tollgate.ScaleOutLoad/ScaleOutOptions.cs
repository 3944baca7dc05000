using System.Globalization;
using Tollgate.Pipeline.Streams;

namespace Tollgate.ScaleOutLoad;

/// <summary>The command line: <c>--events N --repetitions R --senders S --copy-batch B --server-dll PATH --out PATH</c>.</summary>
internal sealed record ScaleOutOptions
{
    /// <summary>Events per <c>POST /api/v1/logs/bulk</c> body (the harness's bodies, as in the embedded load harness).</summary>
    public const int BodySize = 1_000;

    /// <summary>
    /// Events measured in each RAW, E2E-1 and E2E-2 run; a multiple of <see cref="BodySize"/>. Default 1,000,000, so
    /// that each phase takes 10 s or more on the 2-core machine.
    /// </summary>
    public int Events { get; init; } = 1_000_000;

    /// <summary>RAW, E2E-1, E2E-2 triples, interleaved; medians are reported. Default 3.</summary>
    public int Repetitions { get; init; } = 3;

    /// <summary>Concurrent <c>POST /api/v1/logs/bulk</c> senders, one request in flight each. Default 4.</summary>
    public int Senders { get; init; } = 4;

    /// <summary>
    /// Rows per RAW COPY transaction. Default: the most a collector writes in one transaction
    /// (<see cref="RedisStreamOptions.MaxEventsPerTransaction"/>, 5,000), what it reaches whenever it has a backlog.
    /// </summary>
    public int CopyBatch { get; init; } = new RedisStreamOptions().MaxEventsPerTransaction;

    /// <summary>The built server; null to locate the Release build from the repository root.</summary>
    public string? ServerDll { get; init; }

    /// <summary>Where the JSON results go; null for a new file in the temp directory.</summary>
    public string? OutputPath { get; init; }

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Tollgate.ScaleOutLoad -- [options]
          --events N        events per RAW, E2E-1 and E2E-2 run, a multiple of 1000 up to 5*10^6 (default 1000000)
          --repetitions R   interleaved RAW/E2E-1/E2E-2 triples; medians are reported (default 3)
          --senders S       concurrent bulk senders, 1 to 64 (default 4)
          --copy-batch B    rows per RAW COPY transaction, 1 to 100000 (default: the collector's batch size)
          --server-dll PATH the built Tollgate.Server.dll (default: src/Tollgate.Server/bin/Release/net10.0 under
                            the repository root; build it with `dotnet build -c Release Tollgate.slnx`)
          --out PATH        JSON results (default: a new file in the temp directory)
        Needs PostgreSQL 15 (initdb, pg_ctl under /usr/lib/postgresql/*/bin) and redis-server on the path.
        """;

    /// <summary>Parses <paramref name="args"/>; returns null and an error message when they are wrong.</summary>
    public static ScaleOutOptions? Parse(string[] args, out string? error)
    {
        var options = new ScaleOutOptions();
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
                case "--events" when TryPositive(value, out var events) && events % BodySize == 0 && events <= 5_000_000:
                    options = options with { Events = events };
                    break;
                case "--events":
                    error = $"--events must be a multiple of {BodySize} from {BodySize} to 5,000,000, not '{value}'.";
                    return null;
                case "--repetitions" when TryPositive(value, out var repetitions) && repetitions <= 25:
                    options = options with { Repetitions = repetitions };
                    break;
                case "--repetitions":
                    error = $"--repetitions must be 1 to 25, not '{value}'.";
                    return null;
                case "--senders" when TryPositive(value, out var senders) && senders <= 64:
                    options = options with { Senders = senders };
                    break;
                case "--senders":
                    error = $"--senders must be 1 to 64, not '{value}'.";
                    return null;
                case "--copy-batch" when TryPositive(value, out var batch) && batch <= 100_000:
                    options = options with { CopyBatch = batch };
                    break;
                case "--copy-batch":
                    error = $"--copy-batch must be 1 to 100,000, not '{value}'.";
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
