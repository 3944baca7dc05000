namespace Tollgate.Core.Analytics;

/// <summary>
/// One series of a time series: the group it stands for (the members of other groupings are null) and one value per
/// bucket of <see cref="TimeseriesResult.Buckets"/>.
/// </summary>
/// <param name="Service">The service, when grouped by service or endpoint.</param>
/// <param name="Method">The HTTP method, when grouped by endpoint.</param>
/// <param name="Endpoint">The endpoint, when grouped by endpoint.</param>
/// <param name="StatusClass">The status class (2 for 2xx), when grouped by status class.</param>
/// <param name="Consumer">The consumer, when grouped by consumer; null there too for anonymous callers.</param>
/// <param name="Total">Requests in the series over the whole range; series are ranked by it.</param>
/// <param name="Values">One value per bucket: 0 for counts of an empty bucket, null for its latencies and error rate.</param>
public sealed record TimeseriesSeries(
    string? Service,
    string? Method,
    string? Endpoint,
    int? StatusClass,
    string? Consumer,
    long Total,
    IReadOnlyList<double?> Values);
