using System.Globalization;

namespace Tollgate.GatewayLoad;

/// <summary>
/// CPU time from /proc: of a process tree (utime + stime of the process and its descendants, so that nginx's workers
/// count with their master), of the harness with everything it started, and of the whole machine. Resolution: one
/// clock tick (10 ms), a fraction of a percent of a 10-second run.
/// </summary>
internal static class ProcessCpu
{
    // USER_HZ, which /proc reports in; 100 on every Linux the harness targets.
    private const double TicksPerSecond = 100;

    /// <summary>CPU time of <paramref name="rootPid"/> and every process below it; zero once they are gone.</summary>
    public static TimeSpan OfTree(int rootPid) => Ticks(TreeTicks(rootPid, out _));

    /// <summary>
    /// CPU time of this process, every process below it, and its children that have exited and been waited for
    /// (wrk after each run), so that what the harness and its children used can be told from what other work used.
    /// </summary>
    public static TimeSpan OfHarness()
    {
        var ticks = TreeTicks(Environment.ProcessId, out var reaped);
        return Ticks(ticks + reaped);
    }

    /// <summary>
    /// CPU time the whole machine spent in processes (user, nice, system) or taken by the hypervisor (steal), and in
    /// total, over all cores, since boot. Interrupt and softirq time is left out of the first: on loopback most of it
    /// is the harness's own packets, charged to no process.
    /// </summary>
    public static (TimeSpan Busy, TimeSpan Total) OfMachine()
    {
        // "cpu  user nice system idle iowait irq softirq steal ..."
        var fields = File.ReadLines("/proc/stat").First()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        return (Ticks(fields[0] + fields[1] + fields[2] + fields[7]), Ticks(fields.Sum()));
    }

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    private static long TreeTicks(int rootPid, out long rootReapedChildren)
    {
        var stats = new List<(int Pid, int Parent, long Ticks, long Reaped)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                stats.Add((pid, stat.Parent, stat.Ticks, stat.Reaped));
            }
        }

        var inTree = new HashSet<int> { rootPid };
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, parent, _, _) in stats)
            {
                if (inTree.Contains(parent) && inTree.Add(pid))
                {
                    grew = true;
                }
            }
        }
        while (grew);

        rootReapedChildren = stats.Where(s => s.Pid == rootPid).Sum(s => s.Reaped);
        return stats.Where(s => inTree.Contains(s.Pid)).Sum(s => s.Ticks);
    }

    // /proc/<pid>/stat: "pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17) ..."; comm may hold
    // spaces and parentheses, so fields are counted from the last ')'.
    private static (int Parent, long Ticks, long Reaped)? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        return fields.Length > 14
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            && long.TryParse(fields[13], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var childrenUser)
            && long.TryParse(fields[14], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var childrenSystem)
            ? (parent, user + system, childrenUser + childrenSystem)
            : null;
    }
}
