using System.Globalization;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;
using Tollgate.Server.Http;
using Tollgate.Server.Problems;

namespace Tollgate.Server.Analytics;

/// <summary>
/// Turns the raw query parameters of the analytics endpoints into engine queries, collecting one error per bad
/// parameter so a single answer names every one of them. An empty value counts as absent.
/// </summary>
internal static class AnalyticsQueryParser
{
    /// <summary>The window when neither <c>hours</c> nor <c>from</c> is given (seed 004's default).</summary>
    public const int DefaultHours = 24;

    /// <summary>The longest range, in hours: a leap year.</summary>
    public const int MaxHours = 8784;

    /// <summary>The most entries a list endpoint returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Entries of most-used unless <c>limit</c> says otherwise (seed 004's default).</summary>
    public const int DefaultMostUsedLimit = 10;

    /// <summary>Entries of the other list endpoints unless <c>limit</c> says otherwise.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Series of a time series unless <c>limit</c> says otherwise.</summary>
    public const int DefaultSeriesLimit = 10;

    /// <summary>The most series of a time series.</summary>
    public const int MaxSeriesLimit = 100;

    /// <summary>
    /// The range and service the parameters describe, relative to <paramref name="now"/>: <c>from</c>/<c>to</c>, or the
    /// <c>hours</c> before <c>to</c> (default now). Check <paramref name="errors"/> before using it.
    /// </summary>
    public static AnalyticsQuery ParseRange(AnalyticsRangeParameters parameters, DateTimeOffset now, List<ProblemFieldError> errors)
    {
        var errorsBefore = errors.Count;
        var hours = QueryParameters.ParseInt(parameters.Hours, "hours", 1, MaxHours, errors);
        var from = QueryParameters.ParseTimestamp(parameters.From, "from", errors);
        var to = QueryParameters.ParseTimestamp(parameters.To, "to", errors);
        var rangeParsed = errors.Count == errorsBefore;
        var service = ParseService(parameters.Service, errors);
        var end = to ?? now;
        var start = from ?? end.AddHours(-(hours ?? DefaultHours));

        // How the parts relate is judged only when each parsed; a malformed one is reported already.
        if (rangeParsed)
        {
            if (!string.IsNullOrEmpty(parameters.Hours) && !string.IsNullOrEmpty(parameters.From))
            {
                errors.Add(new(null, "hours", "cannot be combined with from: give the last N hours (ending at to, or now) or a from/to range."));
            }
            else if (start >= end)
            {
                errors.Add(new(null, "to", to is null ? "must be later than \"from\"; left out, it is now." : "must be later than \"from\"."));
            }
            else if (end - start > TimeSpan.FromHours(MaxHours))
            {
                errors.Add(new(null, "from", $"starts a range of {(end - start).TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} hours; a range is at most {MaxHours} hours (a leap year)."));
            }
        }

        return new AnalyticsQuery(start, end, service);
    }

    /// <summary>The <c>limit</c> parameter, 1 to <paramref name="max"/>, or <paramref name="defaultLimit"/> when absent.</summary>
    public static int ParseLimit(string? value, int defaultLimit, int max, List<ProblemFieldError> errors) =>
        QueryParameters.ParseInt(value, "limit", 1, max, errors) ?? defaultLimit;

    /// <summary>The <c>metric</c> parameter; <see cref="AnalyticsMetric.Count"/> when absent.</summary>
    public static AnalyticsMetric ParseMetric(string? value, List<ProblemFieldError> errors) =>
        ParseName(value, "metric", AnalyticsNames.Metrics, errors) ?? AnalyticsMetric.Count;

    /// <summary>The <c>interval</c> parameter; null (chosen by the range) when absent.</summary>
    public static AnalyticsInterval? ParseInterval(string? value, List<ProblemFieldError> errors) =>
        ParseName(value, "interval", AnalyticsNames.Intervals, errors);

    /// <summary>The <c>group_by</c> parameter; <see cref="AnalyticsGrouping.None"/> when absent.</summary>
    public static AnalyticsGrouping ParseGroupBy(string? value, List<ProblemFieldError> errors) =>
        ParseName(value, "group_by", AnalyticsNames.Groupings, errors) ?? AnalyticsGrouping.None;

    /// <summary>The error that explains why <paramref name="plan"/> is refused, naming the interval to use instead.</summary>
    public static ProblemFieldError Refusal(TimeseriesPlan plan, RollupOptions options)
    {
        var interval = AnalyticsNames.Of(plan.Interval);
        var instead = plan.Suggested switch
        {
            null => "Use a shorter range.",
            AnalyticsInterval.OneDay => "Use interval=1d.",
            AnalyticsInterval.OneHour => "Use interval=1h or 1d.",
            { } suggested => $"Use interval={AnalyticsNames.Of(suggested)} or coarser.",
        };
        return plan.Refusal == TimeseriesRefusal.BeforeMinuteRetention
            ? new(null, "interval", $"{interval} is read from minute rollups, which are kept {options.MinuteRetentionDays} days (Analytics:MinuteRetentionDays), and this range starts before that. {instead}")
            : new(null, "interval", $"{interval} gives {plan.Points.ToString("N0", CultureInfo.InvariantCulture)} points per series over this range; the limit is {TimeseriesPlanner.MaxPoints.ToString("N0", CultureInfo.InvariantCulture)}. {instead}");
    }

    private static string? ParseService(string? value, List<ProblemFieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > RequestLimits.MaxNameLength)
        {
            errors.Add(new(null, "service", $"is {value.Length} characters long; the limit is {RequestLimits.MaxNameLength}."));
            return null;
        }

        return value;
    }

    private static T? ParseName<T>(string? value, string name, IReadOnlyList<(string Name, T Value)> allowed, List<ProblemFieldError> errors)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        foreach (var (known, parsed) in allowed)
        {
            if (string.Equals(known, value, StringComparison.Ordinal))
            {
                return parsed;
            }
        }

        errors.Add(new(null, name, $"must be one of {string.Join(", ", allowed.Select(a => a.Name))}."));
        return null;
    }
}
