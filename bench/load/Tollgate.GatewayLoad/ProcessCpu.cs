using System.Globalization;

namespace Tollgate.GatewayLoad;

/// <summary>
/// CPU time of a process tree from /proc (utime + stime of the process and its descendants), so that nginx's workers
/// count with their master. Resolution: one clock tick (10 ms), a fraction of a percent of a 10-second run.
/// </summary>
internal static class ProcessCpu
{
    // USER_HZ, which /proc reports in; 100 on every Linux the harness targets.
    private const double TicksPerSecond = 100;

    /// <summary>CPU time of <paramref name="rootPid"/> and every process below it; zero once they are gone.</summary>
    public static TimeSpan OfTree(int rootPid)
    {
        var stats = new List<(int Pid, int Parent, long Ticks)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                stats.Add((pid, stat.Parent, stat.Ticks));
            }
        }

        var inTree = new HashSet<int> { rootPid };
        long ticks = 0;
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, parent, _) in stats)
            {
                if (inTree.Contains(parent) && inTree.Add(pid))
                {
                    grew = true;
                }
            }
        }
        while (grew);

        foreach (var (pid, _, processTicks) in stats)
        {
            if (inTree.Contains(pid))
            {
                ticks += processTicks;
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    // /proc/<pid>/stat: "pid (comm) state ppid ... utime(14) stime(15) ..."; comm may hold spaces and parentheses,
    // so fields are counted from the last ')'.
    private static (int Parent, long Ticks)? Read(int pid)
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
        return fields.Length > 12
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            ? (parent, user + system)
            : null;
    }
}
