namespace Tollgate.GatewayLoad;

/// <summary>
/// Measures, over one run, the share of the machine's CPU that went to work the harness did not start (builds, tests,
/// anything else): busy time of the whole machine minus what the harness and its children used, over all cores'
/// time. Above a few percent, that run's figures are suspect.
/// </summary>
internal readonly struct OtherWork
{
    private readonly TimeSpan _busy;
    private readonly TimeSpan _total;
    private readonly TimeSpan _harness;

    private OtherWork(TimeSpan busy, TimeSpan total, TimeSpan harness)
    {
        _busy = busy;
        _total = total;
        _harness = harness;
    }

    /// <summary>Takes the starting sample.</summary>
    public static OtherWork Start()
    {
        var (busy, total) = ProcessCpu.OfMachine();
        return new OtherWork(busy, total, ProcessCpu.OfHarness());
    }

    /// <summary>The share (0 to 1) of all cores' time since <see cref="Start"/> that other work used.</summary>
    public double Share()
    {
        var (busy, total) = ProcessCpu.OfMachine();
        var harness = ProcessCpu.OfHarness();
        var elapsed = total - _total;
        return elapsed <= TimeSpan.Zero ? 0 : Math.Clamp(((busy - _busy) - (harness - _harness)) / elapsed, 0, 1);
    }
}
