namespace Tollgate.Core.Analytics;

/// <summary>
/// The analytics query engine: answers summary, top-endpoint, error-rate, response-time, consumer and time-series
/// questions from the rollups a request store keeps (<see cref="IRequestRollupStore"/>), never from raw rows, so the
/// cost of an answer depends on the range's shape and the number of endpoints, not on the traffic.
/// </summary>
/// <remarks>
/// Ranges are read as <see cref="RollupRangePlanner"/> plans them and every answer reports the range it really covers.
/// The store merges rows before they leave it (<see cref="RollupQuery.Dimensions"/>,
/// <see cref="RollupQuery.BucketSeconds"/>): a segment comes back as one row per endpoint or consumer, a time series as
/// one row per bucket and series. Sketches are read only by the operations that report percentiles, and time series
/// read the kind of row with the fewest rows for their grouping (<see cref="RollupKind.Service"/> unless grouped by
/// endpoint or consumer, or by minute). Endpoints are grouped by (service, method, endpoint) across status classes.
/// Thread-safe; one instance holds the retention settings it was created with.
/// </remarks>
public sealed class RequestAnalytics
{
    private readonly IRequestRollupStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly RollupOptions _options;

    /// <summary>Creates an engine reading <paramref name="store"/> with <paramref name="options"/>' retention.</summary>
    public RequestAnalytics(IRequestRollupStore store, TimeProvider timeProvider, RollupOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _timeProvider = timeProvider;
        _options = options;
    }

    /// <summary>Total, errors, error rate, average latency and distinct endpoints of the range.</summary>
    public async Task<AnalyticsSummary> SummarizeAsync(string tenantId, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var (plan, endpoints) = await ReadEndpointsAsync(tenantId, query, includeSketches: false, cancellationToken);
        var total = new RollupCell();
        foreach (var cell in endpoints.Values)
        {
            total.Add(cell);
        }

        return new AnalyticsSummary(plan.From, plan.To, RequestFigures.Of(total), endpoints.Count);
    }

    /// <summary>The <paramref name="limit"/> endpoints with the most requests, most first.</summary>
    public async Task<AnalyticsResult<EndpointFigures>> MostUsedAsync(string tenantId, AnalyticsQuery query, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var (plan, endpoints) = await ReadEndpointsAsync(tenantId, query, includeSketches: false, cancellationToken);
        var ranked = Figures(endpoints)
            .OrderByDescending(e => e.Figures.Count)
            .ThenBy(e => e, EndpointOrder.Instance)
            .Take(limit)
            .ToList();
        return new AnalyticsResult<EndpointFigures>(plan.From, plan.To, ranked);
    }

    /// <summary>Each endpoint's error rate, highest first, then by requests, most first.</summary>
    public async Task<AnalyticsResult<EndpointFigures>> ErrorRatesAsync(string tenantId, AnalyticsQuery query, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var (plan, endpoints) = await ReadEndpointsAsync(tenantId, query, includeSketches: false, cancellationToken);
        var ranked = Figures(endpoints)
            .OrderByDescending(e => e.Figures.ErrorRate)
            .ThenByDescending(e => e.Figures.Count)
            .ThenBy(e => e, EndpointOrder.Instance)
            .Take(limit)
            .ToList();
        return new AnalyticsResult<EndpointFigures>(plan.From, plan.To, ranked);
    }

    /// <summary>Each endpoint's latencies (mean, extremes, p50, p95, p99), slowest mean first.</summary>
    public async Task<AnalyticsResult<EndpointFigures>> ResponseTimesAsync(string tenantId, AnalyticsQuery query, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var (plan, endpoints) = await ReadEndpointsAsync(tenantId, query, includeSketches: true, cancellationToken);
        var ranked = Figures(endpoints)
            .OrderByDescending(e => e.Figures.AvgLatencyMs)
            .ThenByDescending(e => e.Figures.Count)
            .ThenBy(e => e, EndpointOrder.Instance)
            .Take(limit)
            .ToList();
        return new AnalyticsResult<EndpointFigures>(plan.From, plan.To, ranked);
    }

    /// <summary>Each consumer's usage, errors, latencies and bytes, most requests first; anonymous callers together.</summary>
    public async Task<AnalyticsResult<ConsumerFigures>> ConsumersAsync(string tenantId, AnalyticsQuery query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var plan = PlanRange(query.From, query.To);
        var consumers = new Dictionary<string, RollupCell>(StringComparer.Ordinal);
        foreach (var row in await ReadAsync(tenantId, plan, RollupKind.Consumer, RollupDimensions.Consumer, query.Service, includeSketches: true, cancellationToken))
        {
            CellOf(consumers, row.Key.Consumer).Add(row.Cell);
        }

        var ranked = consumers
            .Select(c => new ConsumerFigures(c.Key.Length == 0 ? null : c.Key, RequestFigures.Of(c.Value)))
            .OrderByDescending(c => c.Figures.Count)
            .ThenBy(c => c.Consumer, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return new AnalyticsResult<ConsumerFigures>(plan.From, plan.To, ranked);
    }

    /// <summary>The buckets of a time series over [<paramref name="from"/>, <paramref name="to"/>) as of now; check its <see cref="TimeseriesPlan.Refusal"/>.</summary>
    public TimeseriesPlan PlanTimeseries(DateTimeOffset from, DateTimeOffset to, AnalyticsInterval? interval) =>
        TimeseriesPlanner.Plan(from, to, interval, _timeProvider.GetUtcNow(), _options);

    /// <summary>
    /// Computes a time series: every bucket of the plan present, one series per group (the <see cref="TimeseriesQuery.Limit"/>
    /// with the most requests), or a single series when not grouped.
    /// </summary>
    /// <exception cref="ArgumentException">The plan is refused.</exception>
    public async Task<TimeseriesResult> TimeseriesAsync(string tenantId, TimeseriesQuery query, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        var plan = query.Plan;
        if (plan.Refusal != TimeseriesRefusal.None)
        {
            throw new ArgumentException($"The time series plan is refused ({plan.Refusal}).", nameof(query));
        }

        var intervalTicks = (long)plan.Interval * TimeSpan.TicksPerSecond;
        var points = checked((int)plan.Points);
        var buckets = new DateTimeOffset[points];
        for (var i = 0; i < points; i++)
        {
            buckets[i] = plan.From.AddTicks(i * intervalTicks);
        }

        var kind = KindFor(query.GroupBy, plan.Interval);
        var rows = points == 0
            ? []
            : await _store.ReadAsync(
                tenantId,
                new RollupQuery(
                    kind,
                    RollupWidths.For(kind, (long)plan.Interval)!.Value,
                    plan.From,
                    plan.To,
                    query.Service,
                    IncludeSketches: query.Metric is AnalyticsMetric.P50 or AnalyticsMetric.P95 or AnalyticsMetric.P99)
                {
                    BucketSeconds = (long)plan.Interval,
                    Dimensions = DimensionsOf(query.GroupBy),
                },
                cancellationToken);

        // Rank the groups by their requests first, so cells are built only for the series returned.
        var totals = new Dictionary<SeriesKey, long>();
        foreach (var row in rows)
        {
            var key = SeriesKey.Of(row.Key, query.GroupBy);
            totals[key] = totals.GetValueOrDefault(key) + row.Cell.Count;
        }

        if (query.GroupBy == AnalyticsGrouping.None)
        {
            totals.TryAdd(default, 0);
        }

        var kept = totals
            .OrderByDescending(t => t.Value)
            .ThenBy(t => t.Key, SeriesKey.Order)
            .Take(query.Limit)
            .Select((t, index) => (t.Key, Index: index))
            .ToDictionary(t => t.Key, t => t.Index);
        var cells = new RollupCell?[kept.Count][];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = new RollupCell?[points];
        }

        foreach (var row in rows)
        {
            if (kept.TryGetValue(SeriesKey.Of(row.Key, query.GroupBy), out var series))
            {
                var bucket = (int)((row.Key.Bucket.UtcTicks - plan.From.UtcTicks) / intervalTicks);
                (cells[series][bucket] ??= new RollupCell()).Add(row.Cell);
            }
        }

        var result = new TimeseriesSeries[kept.Count];
        foreach (var (key, index) in kept)
        {
            var values = new double?[points];
            for (var i = 0; i < points; i++)
            {
                values[i] = ValueOf(cells[index][i], query.Metric);
            }

            result[index] = new TimeseriesSeries(key.Service, key.Method, key.Endpoint, key.StatusClass, key.Consumer, totals[key], values);
        }

        return new TimeseriesResult(plan.From, plan.To, plan.Interval, plan.IntervalChosen, buckets, result, totals.Count);
    }

    /// <summary>The dimensions a series grouped by <paramref name="groupBy"/> is told apart by; the store merges the rest.</summary>
    private static RollupDimensions DimensionsOf(AnalyticsGrouping groupBy) => groupBy switch
    {
        AnalyticsGrouping.None => RollupDimensions.None,
        AnalyticsGrouping.Service => RollupDimensions.Service,
        AnalyticsGrouping.Endpoint => RollupDimensions.Service | RollupDimensions.Endpoint,
        AnalyticsGrouping.StatusClass => RollupDimensions.StatusClass,
        AnalyticsGrouping.Consumer => RollupDimensions.Consumer,
        _ => throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "Not an analytics grouping."),
    };

    /// <summary>
    /// The kind with the fewest rows that still has the dimension a series is grouped by and a width its interval is
    /// made of: service rows have none for minute series, which then read endpoint rows.
    /// </summary>
    private static RollupKind KindFor(AnalyticsGrouping groupBy, AnalyticsInterval interval) => groupBy switch
    {
        AnalyticsGrouping.Consumer => RollupKind.Consumer,
        AnalyticsGrouping.Endpoint => RollupKind.Endpoint,
        _ when RollupWidths.For(RollupKind.Service, (long)interval) is null => RollupKind.Endpoint,
        _ => RollupKind.Service,
    };

    private RollupPlan PlanRange(DateTimeOffset from, DateTimeOffset to) =>
        RollupRangePlanner.Plan(from, to, _timeProvider.GetUtcNow(), _options);

    private static double? ValueOf(RollupCell? cell, AnalyticsMetric metric) => metric switch
    {
        AnalyticsMetric.Count => cell?.Count ?? 0,
        AnalyticsMetric.Errors => cell?.Errors ?? 0,
        AnalyticsMetric.Bytes => cell is null ? 0 : cell.RequestBytes + cell.ResponseBytes,
        AnalyticsMetric.ErrorRate => cell is null ? null : RollupFigures.ErrorRate(cell.Errors, cell.Count),
        AnalyticsMetric.AvgLatency => cell is null ? null : RollupFigures.AverageMilliseconds(cell),
        AnalyticsMetric.P50 => cell is null ? null : RollupFigures.PercentileMilliseconds(cell, 0.50),
        AnalyticsMetric.P95 => cell is null ? null : RollupFigures.PercentileMilliseconds(cell, 0.95),
        AnalyticsMetric.P99 => cell is null ? null : RollupFigures.PercentileMilliseconds(cell, 0.99),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not an analytics metric."),
    };

    private static IEnumerable<EndpointFigures> Figures(Dictionary<(string Service, string Method, string Endpoint), RollupCell> endpoints) =>
        endpoints.Select(e => new EndpointFigures(e.Key.Service, e.Key.Method, e.Key.Endpoint, RequestFigures.Of(e.Value)));

    private static RollupCell CellOf<TKey>(Dictionary<TKey, RollupCell> cells, TKey key)
        where TKey : notnull
    {
        if (!cells.TryGetValue(key, out var cell))
        {
            cell = new RollupCell();
            cells.Add(key, cell);
        }

        return cell;
    }

    private async Task<(RollupPlan Plan, Dictionary<(string Service, string Method, string Endpoint), RollupCell> Endpoints)> ReadEndpointsAsync(
        string tenantId, AnalyticsQuery query, bool includeSketches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var plan = PlanRange(query.From, query.To);
        var endpoints = new Dictionary<(string Service, string Method, string Endpoint), RollupCell>();
        foreach (var row in await ReadAsync(tenantId, plan, RollupKind.Endpoint, RollupDimensions.Service | RollupDimensions.Endpoint, query.Service, includeSketches, cancellationToken))
        {
            CellOf(endpoints, (row.Key.Service, row.Key.Method, row.Key.Endpoint)).Add(row.Cell);
        }

        return (plan, endpoints);
    }

    /// <summary>
    /// The rows of every segment of <paramref name="plan"/>, read concurrently, each segment merged by the store into one
    /// row per value of <paramref name="dimensions"/>.
    /// </summary>
    private async Task<IEnumerable<RollupRow>> ReadAsync(
        string tenantId, RollupPlan plan, RollupKind kind, RollupDimensions dimensions, string? service, bool includeSketches, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var reads = plan.Segments.Select(segment => _store.ReadAsync(
            tenantId,
            new RollupQuery(kind, segment.Width, segment.From, segment.To, service, includeSketches)
            {
                BucketSeconds = (segment.To - segment.From).Ticks / TimeSpan.TicksPerSecond,
                Dimensions = dimensions,
            },
            cancellationToken));
        return (await Task.WhenAll(reads)).SelectMany(rows => rows);
    }

    /// <summary>Orders endpoints by service, endpoint, then method (ordinal), so equal figures rank the same every time.</summary>
    private sealed class EndpointOrder : IComparer<EndpointFigures>
    {
        public static readonly EndpointOrder Instance = new();

        public int Compare(EndpointFigures? x, EndpointFigures? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            var order = string.CompareOrdinal(x.Service, y.Service);
            order = order != 0 ? order : string.CompareOrdinal(x.Endpoint, y.Endpoint);
            return order != 0 ? order : string.CompareOrdinal(x.Method, y.Method);
        }
    }

    /// <summary>The group a rollup row falls in for a time series; the members not grouped by are null.</summary>
    private readonly record struct SeriesKey(string? Service, string? Method, string? Endpoint, int? StatusClass, string? Consumer)
    {
        public static readonly IComparer<SeriesKey> Order = Comparer<SeriesKey>.Create((x, y) =>
        {
            var order = string.CompareOrdinal(x.Service, y.Service);
            order = order != 0 ? order : string.CompareOrdinal(x.Endpoint, y.Endpoint);
            order = order != 0 ? order : string.CompareOrdinal(x.Method, y.Method);
            order = order != 0 ? order : Nullable.Compare(x.StatusClass, y.StatusClass);
            return order != 0 ? order : string.CompareOrdinal(x.Consumer, y.Consumer);
        });

        public static SeriesKey Of(RollupKey key, AnalyticsGrouping groupBy) => groupBy switch
        {
            AnalyticsGrouping.None => default,
            AnalyticsGrouping.Service => new SeriesKey(key.Service, null, null, null, null),
            AnalyticsGrouping.Endpoint => new SeriesKey(key.Service, key.Method, key.Endpoint, null, null),
            AnalyticsGrouping.StatusClass => new SeriesKey(null, null, null, key.StatusClass, null),
            AnalyticsGrouping.Consumer => new SeriesKey(null, null, null, null, key.Consumer.Length == 0 ? null : key.Consumer),
            _ => throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "Not an analytics grouping."),
        };
    }
}
