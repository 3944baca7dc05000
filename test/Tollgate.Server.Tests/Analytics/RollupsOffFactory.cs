namespace Tollgate.Server.Tests.Analytics;

/// <summary>An <see cref="AnalyticsFactory"/> whose store keeps no rollups on write (<c>Analytics:Rollups=false</c>): only a rebuild computes them.</summary>
public sealed class RollupsOffFactory : AnalyticsFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Analytics:Rollups"] = "false" };
}
