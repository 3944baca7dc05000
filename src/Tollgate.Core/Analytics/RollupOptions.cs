using System.ComponentModel.DataAnnotations;

namespace Tollgate.Core.Analytics;

/// <summary>
/// How request rollups are kept, bound from <c>Analytics</c> by whichever request store is configured and validated at
/// start-up. Raw requests have their own retention (<c>Storage:*:RequestRetentionDays</c>); rollups outlive them, so
/// analytics over last year still answer after the rows are gone.
/// </summary>
public sealed class RollupOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Analytics";

    /// <summary>
    /// Whether the request store maintains rollups as it writes. Turning it off saves the write cost when analytics are
    /// not used; the analytics endpoints then see only what a rebuild computes. Default true.
    /// </summary>
    public bool Rollups { get; set; } = true;

    /// <summary>Days minute buckets are kept; ranges older than this are answered at hour precision. Default 7.</summary>
    [Range(1, 3_660, ErrorMessage = "Analytics:MinuteRetentionDays must be {1} to {2}.")]
    public int MinuteRetentionDays { get; set; } = 7;

    /// <summary>Days hour and day buckets are kept. Default 400.</summary>
    [Range(1, 36_600, ErrorMessage = "Analytics:HourRetentionDays must be {1} to {2}.")]
    public int HourRetentionDays { get; set; } = 400;
}
