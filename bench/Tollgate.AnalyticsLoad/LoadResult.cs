namespace Tollgate.AnalyticsLoad;

/// <summary>One timed load through <c>POST /api/v1/requests</c>.</summary>
/// <param name="Records">Records acknowledged as stored (201).</param>
/// <param name="Seconds">Wall-clock time from the first send to the last acknowledgement.</param>
/// <param name="ServerCpuSeconds">CPU time of the server process over the load.</param>
/// <param name="ClientCpuSeconds">CPU time of this process over the load (sending, and building bodies when they are built on the fly).</param>
/// <param name="MachineBusy">Fraction of all cores busy over the load, whatever ran on them.</param>
internal sealed record LoadResult(long Records, double Seconds, double ServerCpuSeconds, double ClientCpuSeconds, double MachineBusy)
{
    public double RecordsPerSecond => Records / Seconds;

    /// <summary>Server CPU microseconds per record.</summary>
    public double ServerCpuMicrosecondsPerRecord => ServerCpuSeconds * 1e6 / Records;
}
