namespace Tollgate.AnalyticsLoad;

/// <summary>One pair of the write-cost phase: the same records loaded into a fresh server with rollups off and one with them on.</summary>
/// <param name="Number">1-based.</param>
/// <param name="RollupsFirst">True when the rollups-on server ran first in this pair (the order alternates).</param>
/// <param name="Without">The load with <c>Analytics:Rollups=false</c>, and its database.</param>
/// <param name="With">The load with <c>Analytics:Rollups=true</c>, and its database.</param>
internal sealed record WriteCostRepetition(int Number, bool RollupsFirst, MeasuredLoad Without, MeasuredLoad With)
{
    /// <summary>With ÷ without, records per second.</summary>
    public double Ratio => With.Load.RecordsPerSecond / Without.Load.RecordsPerSecond;
}
