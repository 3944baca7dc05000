using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>
/// The server's own binary (<c>dotnet Tollgate.Server.dll …</c>), for tests that run it as an operator would: as a
/// command with settings in the environment and input on stdin, or as a server process.
/// </summary>
public static class ServerCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The server's build output, next to this test project's in the same configuration.</summary>
    public static string AssemblyPath { get; } = FindAssembly();

    /// <summary>
    /// Runs the command to completion with <paramref name="environment"/> set (and any inherited variable starting with
    /// one of <paramref name="clearedPrefixes"/> removed), writes <paramref name="standardInput"/> as is, and returns the
    /// exit code and what it wrote (UTF-8).
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<string> clearedPrefixes,
        string? standardInput,
        params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in start.Environment.Keys.Where(key => clearedPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var cancellation = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{string.Join(' ', arguments)}` did not finish within {Timeout}.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string FindAssembly()
    {
        var configuration = typeof(ServerCommand).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tollgate.slnx")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var path = Path.Combine(directory.FullName, "src", "Tollgate.Server", "bin", configuration, "net10.0", "Tollgate.Server.dll");
        Assert.True(File.Exists(path), $"Build the server first: {path} is missing.");
        return path;
    }
}
