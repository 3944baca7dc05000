using System.Runtime.InteropServices;

namespace Tollgate.GatewayLoad;

/// <summary>Where the figures were measured, and with what.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Kernel, string OperatingSystem, string Runtime, string Wrk, string Nginx)
{
    public static MachineInfo Current(ExternalTools tools) => new(
        CpuModel(),
        Environment.ProcessorCount,
        ReadLine("/proc/sys/kernel/osrelease") ?? RuntimeInformation.OSDescription,
        PrettyName() ?? RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        tools.WrkVersion,
        tools.NginxVersion);

    // lscpu prints the same "model name" line.
    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo")
                .Where(line => line.StartsWith("model name", StringComparison.Ordinal))
                .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                .FirstOrDefault() ?? RuntimeInformation.ProcessArchitecture.ToString()
            : RuntimeInformation.ProcessArchitecture.ToString();

    private static string? PrettyName()
    {
        const string prefix = "PRETTY_NAME=";
        var line = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
            : null;
        var name = line?[prefix.Length..].Trim('"');
        var debian = ReadLine("/etc/debian_version");
        return name is null ? null : debian is null ? name : $"{name} ({debian})";
    }

    private static string? ReadLine(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;
}
