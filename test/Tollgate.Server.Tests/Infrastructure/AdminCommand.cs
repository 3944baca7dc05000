using System.Diagnostics;
using System.Reflection;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>
/// Runs the server's own binary as <c>dotnet Tollgate.Server.dll admin …</c> on a given database, the way an operator
/// would: settings through the environment, the password on standard input.
/// </summary>
public static class AdminCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the command to completion and returns its exit code and what it wrote.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string databasePath, string? standardInput, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerAssemblyPath());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Storage__Sqlite__Path"] = databasePath;
        start.Environment.Remove("TOLLGATE_BOOTSTRAP_ADMIN_EMAIL");
        start.Environment.Remove("TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD_FILE");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteLineAsync(standardInput);
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
            Assert.Fail($"`admin {string.Join(' ', arguments)}` did not finish within {Timeout}.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The server's own build output, next to this test project's in the same configuration.</summary>
    private static string ServerAssemblyPath()
    {
        var configuration = typeof(AdminCommand).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
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
