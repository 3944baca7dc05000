namespace Tollgate.Core.Analytics;

/// <summary>What a rollup row is grouped by. Both kinds count every request once per width.</summary>
public enum RollupKind
{
    /// <summary>Per service, endpoint, method and status class; the consumer is empty.</summary>
    Endpoint = 0,

    /// <summary>Per service and consumer (API key or token subject); endpoint and method are empty, status class 0.</summary>
    Consumer = 1,
}
