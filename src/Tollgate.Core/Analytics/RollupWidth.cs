namespace Tollgate.Core.Analytics;

/// <summary>
/// The bucket widths rollups are kept at; the value is the width in seconds. Every request is counted at all three,
/// so a query reads whole days, then whole hours, then minutes at its edges, and its cost depends on the range's shape,
/// not on the traffic in it.
/// </summary>
public enum RollupWidth
{
    /// <summary>One bucket per UTC minute; kept for the minute retention (7 days by default).</summary>
    Minute = 60,

    /// <summary>One bucket per UTC hour; kept for the hour retention (400 days by default).</summary>
    Hour = 3_600,

    /// <summary>One bucket per UTC day; kept as long as hours.</summary>
    Day = 86_400,
}
