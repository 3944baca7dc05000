namespace Tollgate.AnalyticsLoad;

/// <summary>What one load left on disk.</summary>
/// <param name="Bytes">The database's size, as <paramref name="Measured"/> says.</param>
/// <param name="Measured">How <paramref name="Bytes"/> was measured.</param>
/// <param name="TableBytes">Bytes per table, its indexes included, largest first; empty where the store cannot tell.</param>
/// <param name="RollupRows">Rows of <c>request_rollups</c> per width (<c>minute</c>, <c>hour</c>, <c>day</c>).</param>
internal sealed record DiskUsage(long Bytes, string Measured, IReadOnlyDictionary<string, long> TableBytes, IReadOnlyDictionary<string, long> RollupRows)
{
    /// <summary>The name of a width in <see cref="RollupRows"/>.</summary>
    public static string WidthName(long seconds) => seconds switch
    {
        60 => "minute",
        3_600 => "hour",
        86_400 => "day",
        _ => $"{seconds} s",
    };
}
