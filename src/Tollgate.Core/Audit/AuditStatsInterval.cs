namespace Tollgate.Core.Audit;

/// <summary>Bucket width of the event-count time series.</summary>
public enum AuditStatsInterval
{
    /// <summary>One bucket per UTC hour.</summary>
    Hour,

    /// <summary>One bucket per UTC day.</summary>
    Day,
}
