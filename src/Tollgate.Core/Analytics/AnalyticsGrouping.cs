namespace Tollgate.Core.Analytics;

/// <summary>What the series of a time series are split by.</summary>
public enum AnalyticsGrouping
{
    /// <summary>One series for all requests.</summary>
    None,

    /// <summary>One series per service.</summary>
    Service,

    /// <summary>One series per service, method and endpoint.</summary>
    Endpoint,

    /// <summary>One series per status class (2xx, 4xx…).</summary>
    StatusClass,

    /// <summary>One series per consumer (API key or principal; anonymous callers together), from consumer rollups.</summary>
    Consumer,
}
