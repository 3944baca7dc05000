namespace Tollgate.Core.Analytics;

/// <summary>The bucket width of a time series; the value is the width in seconds.</summary>
public enum AnalyticsInterval
{
    /// <summary>One point per UTC minute, from minute rollups (only within the minute retention).</summary>
    OneMinute = 60,

    /// <summary>One point per five UTC minutes, from minute rollups (only within the minute retention).</summary>
    FiveMinutes = 300,

    /// <summary>One point per UTC hour, from hour rollups.</summary>
    OneHour = 3_600,

    /// <summary>One point per UTC day, from day rollups.</summary>
    OneDay = 86_400,
}
