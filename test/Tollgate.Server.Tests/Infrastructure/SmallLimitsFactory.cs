namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>A server with small body limits, so tests can cross them cheaply.</summary>
public sealed class SmallLimitsFactory : TollgateFactory
{
    public const int MaxBodyBytes = 4096;
    public const int MaxBulkBodyBytes = 16384;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Audit:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Audit:MaxBulkBodyBytes"] = MaxBulkBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
