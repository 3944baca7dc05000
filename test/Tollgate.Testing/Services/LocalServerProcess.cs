using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tollgate.Testing.Services;

/// <summary>Runs the server programs the fault tests start and stop themselves, and finds free loopback ports.</summary>
internal static class LocalServerProcess
{
    /// <summary>True when this process runs as root, where PostgreSQL must run as its own user.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a program to completion; throws with its output when it fails.</summary>
    public static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asDatabaseUser, CancellationToken cancellationToken)
    {
        using var process = Start(program, arguments, asDatabaseUser, redirect: true);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    /// <summary>Starts a program; as root and for the database, through <c>runuser -u postgres</c>.</summary>
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
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add("postgres");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(program);
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
