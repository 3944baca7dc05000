using System.Globalization;

namespace Tollgate.AnalyticsLoad;

/// <summary>
/// The command line: <c>--records N --write-records M --repetitions R --days D --seed S --calls C --store sqlite|postgres
/// --server-dll PATH --out PATH</c>.
/// </summary>
internal sealed record AnalyticsOptions
{
    /// <summary>Records per <c>POST /api/v1/requests</c> body: the most one call takes.</summary>
    public const int BodySize = 1_000;

    /// <summary>The most records of one load: bounds the run's time and disk.</summary>
    public const int MaxRecords = 20_000_000;

    /// <summary>The oldest record's age in days at most: 12 hours inside the server's default raw retention of 30 days.</summary>
    public const double MaxWindowDays = 29.5;

    /// <summary>Records of the big load (rollups on), then queried. Default 10,000,000.</summary>
    public int Records { get; init; } = 10_000_000;

    /// <summary>
    /// Records of each write-cost load (rollups off and on); 0 leaves that phase out. Null for the default:
    /// 1,000,000, or <see cref="Records"/> when that is smaller.
    /// </summary>
    public int? WriteRecords { get; init; }

    /// <summary>Rollups-off/rollups-on pairs of the write-cost phase. Default 3.</summary>
    public int Repetitions { get; init; } = 4;

    /// <summary>The days the records span, back from the run's start (at most <see cref="MaxWindowDays"/>). Default 30.</summary>
    public int Days { get; init; } = 30;

    /// <summary>Chooses the records; the same seed sends the same records. Default 4.</summary>
    public int Seed { get; init; } = 4;

    /// <summary>Measured calls per analytics endpoint and range, after the warm-up. Default 21.</summary>
    public int Calls { get; init; } = 21;

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Store { get; init; } = "sqlite";

    /// <summary>The built server; null to locate the Release build from the repository root.</summary>
    public string? ServerDll { get; init; }

    /// <summary>Where the JSON results go; null for a new file in the temp directory.</summary>
    public string? OutputPath { get; init; }

    /// <summary>
    /// Minutes the write-cost records span, for a density of live traffic (1,000,000 over 60 minutes is about 16,700 a
    /// minute); null spreads them as densely as the big load's, the pessimistic case for rollups.
    /// </summary>
    public int? WriteMinutes { get; init; }

    /// <summary><see cref="WriteRecords"/> with its default applied.</summary>
    public int EffectiveWriteRecords => WriteRecords ?? Math.Min(1_000_000, Records);

    /// <summary>The span of the records' timestamps.</summary>
    public TimeSpan Window => TimeSpan.FromDays(Math.Min(Days, MaxWindowDays));

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Tollgate.AnalyticsLoad -- [options]
          --records N        records of the big load, which is then queried; a multiple of 1000 up to 2*10^7
                             (default 10000000)
          --write-records M  records of each write-cost load, rollups off and on; a multiple of 1000 up to 2*10^7,
                             or 0 to leave the write-cost phase out (default 1000000, or N when smaller)
          --write-minutes W  minutes the write-cost records span, 1 to 42480 (29.5 days): 60 for live traffic's
                             density (default: as dense as the big load's records)
          --repetitions R    rollups-off/rollups-on pairs of the write-cost phase, 1 to 25; even, so each order
                             runs as often, since the second load of a pair runs slower (default 4)
          --days D           days the records span, back from the start, 1 to 30; 30 means 29.5, inside the
                             server's 30-day raw retention (default 30)
          --seed S           chooses the records; the same seed sends the same records (default 4)
          --calls C          measured calls per analytics endpoint and range, 1 to 1000 (default 21)
          --store S          sqlite or postgres (default sqlite); postgres needs PostgreSQL (initdb, pg_ctl under
                             /usr/lib/postgresql/*/bin)
          --server-dll PATH  the built Tollgate.Server.dll (default: src/Tollgate.Server/bin/Release/net10.0 under
                             the repository root; build it with `dotnet build -c Release Tollgate.slnx`)
          --out PATH         JSON results (default: a new file in the temp directory)
        """;

    /// <summary>Parses <paramref name="args"/>; returns null and an error message when they are wrong.</summary>
    public static AnalyticsOptions? Parse(string[] args, out string? error)
    {
        var options = new AnalyticsOptions();
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
                case "--records" when TryInt(value, out var records) && records > 0 && records % BodySize == 0 && records <= MaxRecords:
                    options = options with { Records = records };
                    break;
                case "--records":
                    error = $"--records must be a multiple of {BodySize} from {BodySize} to {MaxRecords:N0}, not '{value}'.";
                    return null;
                case "--write-records" when TryInt(value, out var records) && records % BodySize == 0 && records <= MaxRecords:
                    options = options with { WriteRecords = records };
                    break;
                case "--write-records":
                    error = $"--write-records must be 0 or a multiple of {BodySize} up to {MaxRecords:N0}, not '{value}'.";
                    return null;
                case "--repetitions" when TryInt(value, out var repetitions) && repetitions is >= 1 and <= 25:
                    options = options with { Repetitions = repetitions };
                    break;
                case "--repetitions":
                    error = $"--repetitions must be 1 to 25, not '{value}'.";
                    return null;
                case "--write-minutes" when TryInt(value, out var minutes) && minutes is >= 1 and <= 42_480:
                    options = options with { WriteMinutes = minutes };
                    break;
                case "--write-minutes":
                    error = $"--write-minutes must be 1 to 42480, not '{value}'.";
                    return null;
                case "--days" when TryInt(value, out var days) && days is >= 1 and <= 30:
                    options = options with { Days = days };
                    break;
                case "--days":
                    error = $"--days must be 1 to 30, not '{value}'.";
                    return null;
                case "--seed" when TryInt(value, out var seed):
                    options = options with { Seed = seed };
                    break;
                case "--seed":
                    error = $"--seed must be a whole number from 0 to {int.MaxValue}, not '{value}'.";
                    return null;
                case "--calls" when TryInt(value, out var calls) && calls is >= 1 and <= 1_000:
                    options = options with { Calls = calls };
                    break;
                case "--calls":
                    error = $"--calls must be 1 to 1000, not '{value}'.";
                    return null;
                case "--store" when value is "sqlite" or "postgres":
                    options = options with { Store = value };
                    break;
                case "--store":
                    error = $"--store must be sqlite or postgres, not '{value}'.";
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

    private static bool TryInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
