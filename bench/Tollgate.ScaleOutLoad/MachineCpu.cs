using System.Globalization;

namespace Tollgate.ScaleOutLoad;

/// <summary>
/// The whole machine's CPU counters from <c>/proc/stat</c>, so a result can say how busy both cores were: with
/// PostgreSQL, Redis, the nodes and the senders on two cores, a run at 100% is CPU-bound.
/// </summary>
internal readonly record struct MachineCpu(long Busy, long Total)
{
    /// <summary>The counters now; zeros where <c>/proc/stat</c> is missing.</summary>
    public static MachineCpu Sample()
    {
        const string stat = "/proc/stat";
        if (!File.Exists(stat))
        {
            return default;
        }

        // First line: "cpu  user nice system idle iowait irq softirq steal guest guest_nice" in clock ticks.
        var fields = File.ReadLines(stat).First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(field => long.Parse(field, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return new MachineCpu(total - idle, total);
    }

    /// <summary>The fraction of all cores busy between <paramref name="earlier"/> and this sample; 0 when unknown.</summary>
    public double BusyFractionSince(MachineCpu earlier) =>
        Total > earlier.Total ? (double)(Busy - earlier.Busy) / (Total - earlier.Total) : 0;
}
