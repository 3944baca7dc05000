namespace Tollgate.GatewayLoad;

/// <summary>One fixed-rate run of the interleaved series.</summary>
internal sealed record FixedRateMeasurement(int Repetition, string Target, string Workload, FixedRateResult Result);
