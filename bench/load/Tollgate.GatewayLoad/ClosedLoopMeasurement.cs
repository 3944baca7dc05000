namespace Tollgate.GatewayLoad;

/// <summary>One wrk run of the interleaved series, and how long the processes took to go idle before it started.</summary>
internal sealed record ClosedLoopMeasurement(int Repetition, string Target, string Workload, WrkResult Result, TimeSpan SettledIn);
