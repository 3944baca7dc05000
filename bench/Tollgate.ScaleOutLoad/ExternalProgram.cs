using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tollgate.ScaleOutLoad;

/// <summary>
/// Runs the database and Redis programs the benchmark starts itself: as root, PostgreSQL's through
/// <c>runuser -u postgres --</c> (it refuses to run as root). Also finds free loopback ports.
/// </summary>
internal static class ExternalProgram
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a program to completion within <paramref name="limit"/>; throws with its output when it fails.</summary>
    public static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asDatabaseUser, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var process = Start(program, arguments, asDatabaseUser, redirect: true);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {limit.TotalSeconds:N0} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    /// <summary>Starts a program; as root and for the database, through <c>runuser -u postgres --</c>.</summary>
    public static Process Start(string program, IReadOnlyList<string> arguments, bool asDatabaseUser, bool redirect)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
        };
        if (asDatabaseUser && IsRoot)
        {
            info.FileName = "runuser";
            foreach (var argument in new[] { "-u", "postgres", "--", program })
            {
                info.ArgumentList.Add(argument);
            }
        }
        else
        {
            info.FileName = program;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
    }
}
