namespace Tollgate.Core.Analytics;

/// <summary>
/// The widths each <see cref="RollupKind"/> is kept at, in one place: what <see cref="RequestRollups"/> counts a request
/// in, and what a time series can be read from. Endpoint and consumer rows are kept per minute, hour and day; service
/// rows per five minutes, hour and day, since minute series can read endpoint rows, which hold the same dimensions.
/// </summary>
/// <remarks>Thread-safe (pure).</remarks>
public static class RollupWidths
{
    private static readonly RollupWidth[] Fine = [RollupWidth.Minute, RollupWidth.Hour, RollupWidth.Day];
    private static readonly RollupWidth[] Service = [RollupWidth.FiveMinutes, RollupWidth.Hour, RollupWidth.Day];

    /// <summary>The widths rows of <paramref name="kind"/> are kept at, finest first.</summary>
    public static IReadOnlyList<RollupWidth> Of(RollupKind kind) => kind == RollupKind.Service ? Service : Fine;

    /// <summary>
    /// The widest width of <paramref name="kind"/> that buckets of <paramref name="seconds"/> are made of whole (a width
    /// dividing them); null when the kind has none, as service rows for one-minute buckets.
    /// </summary>
    public static RollupWidth? For(RollupKind kind, long seconds)
    {
        RollupWidth? widest = null;
        foreach (var width in Of(kind))
        {
            if (seconds % (long)width == 0)
            {
                widest = width;
            }
        }

        return widest;
    }
}
