namespace Tollgate.LoadHarness;

/// <summary>The repetitions of one measurement and their medians.</summary>
internal sealed record ThroughputSeries(string Name, Throughput Warmup, IReadOnlyList<Throughput> Runs)
{
    public double MedianEventsPerSecond => Statistics.Median(Runs.Select(r => r.EventsPerSecond).ToArray());

    public double MedianCpuMicrosecondsPerEvent => Statistics.Median(Runs.Select(r => r.CpuMicrosecondsPerEvent).ToArray());
}
