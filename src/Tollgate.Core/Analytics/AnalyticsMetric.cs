namespace Tollgate.Core.Analytics;

/// <summary>What each point of a time series measures.</summary>
public enum AnalyticsMetric
{
    /// <summary>Requests.</summary>
    Count,

    /// <summary>Requests answered with a status of 400 or above.</summary>
    Errors,

    /// <summary>Errors per hundred requests; null for an empty bucket.</summary>
    ErrorRate,

    /// <summary>The median latency in milliseconds; null for an empty bucket.</summary>
    P50,

    /// <summary>The 95th percentile latency in milliseconds; null for an empty bucket.</summary>
    P95,

    /// <summary>The 99th percentile latency in milliseconds; null for an empty bucket.</summary>
    P99,

    /// <summary>The mean latency in milliseconds; null for an empty bucket.</summary>
    AvgLatency,

    /// <summary>Request and response body bytes together.</summary>
    Bytes,
}
