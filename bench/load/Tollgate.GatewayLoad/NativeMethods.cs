using System.Runtime.InteropServices;

namespace Tollgate.GatewayLoad;

/// <summary>libc calls .NET has no equivalent for.</summary>
internal static partial class NativeMethods
{
    /// <summary>Sleeps at least <paramref name="microseconds"/> (plus the kernel's timer slack, ~50 µs); Thread.Sleep only has milliseconds.</summary>
    [LibraryImport("libc", EntryPoint = "usleep")]
    internal static partial int Usleep(uint microseconds);
}
