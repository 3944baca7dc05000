namespace Tollgate.Core.Analytics;

/// <summary>Why a <see cref="TimeseriesPlan"/> cannot be answered as asked.</summary>
public enum TimeseriesRefusal
{
    /// <summary>It can.</summary>
    None,

    /// <summary>A minute-based interval over a range that starts before the minute rollups still kept.</summary>
    BeforeMinuteRetention,

    /// <summary>More than <see cref="TimeseriesPlanner.MaxPoints"/> buckets per series.</summary>
    TooManyPoints,
}
