using Tollgate.Core.Analytics;

namespace Tollgate.Server.Analytics.Responses;

/// <summary>One series of <c>GET /api/analytics/timeseries</c>: its group (members of other groupings are null) and its values.</summary>
/// <param name="Service">The service, grouped by service or endpoint.</param>
/// <param name="Endpoint">The endpoint, grouped by endpoint.</param>
/// <param name="Method">The HTTP method, grouped by endpoint.</param>
/// <param name="StatusClass"><c>2xx</c>, <c>4xx</c>…, grouped by status class.</param>
/// <param name="Consumer">The consumer, grouped by consumer; null there too for anonymous callers.</param>
/// <param name="Total">Requests of the series over the whole range; series are ranked by it.</param>
/// <param name="Values">One value per entry of buckets: 0 in an empty bucket for count, errors and bytes, null for the others.</param>
internal sealed record TimeseriesSeriesResponse(
    string? Service,
    string? Endpoint,
    string? Method,
    string? StatusClass,
    string? Consumer,
    long Total,
    IReadOnlyList<double?> Values)
{
    public static TimeseriesSeriesResponse From(TimeseriesSeries series) => new(
        series.Service,
        series.Endpoint,
        series.Method,
        series.StatusClass is { } statusClass ? AnalyticsNames.StatusClass(statusClass) : null,
        series.Consumer,
        series.Total,
        series.Values);
}
