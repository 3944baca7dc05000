using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace Tollgate.Server.Analytics;

/// <summary>
/// The range and service parameters every analytics endpoint takes. Bound as raw strings so that
/// <see cref="AnalyticsQueryParser"/> can answer a malformed value with a message naming the parameter.
/// </summary>
internal sealed class AnalyticsRangeParameters
{
    [FromQuery(Name = "hours")]
    [Description("The last N hours, 1 to 8784; default 24. Ends at to when to is given, else now. Cannot be combined with from.")]
    public string? Hours { get; init; }

    [FromQuery(Name = "from")]
    [Description("Inclusive start, RFC 3339 with an offset; instead of hours. Aligned down to the minute (to the hour beyond the minute retention).")]
    public string? From { get; init; }

    [FromQuery(Name = "to")]
    [Description("Exclusive end, RFC 3339 with an offset; default now. Aligned up to the minute. At most 8784 hours after from.")]
    public string? To { get; init; }

    [FromQuery(Name = "service")]
    [Description("Only this service's requests (exact).")]
    public string? Service { get; init; }
}
