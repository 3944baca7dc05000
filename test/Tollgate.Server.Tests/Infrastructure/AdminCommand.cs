namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>
/// Runs <c>Tollgate.Server admin …</c> on a given database, the way an operator would: settings through the
/// environment, the password on standard input.
/// </summary>
public static class AdminCommand
{
    private static readonly string[] BootstrapVariables = ["TOLLGATE_BOOTSTRAP_ADMIN_"];

    /// <summary>Runs the command to completion and returns its exit code and what it wrote.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(string databasePath, string? password, params string[] arguments) =>
        ServerCommand.RunAsync(
            new Dictionary<string, string> { ["Storage__Sqlite__Path"] = databasePath },
            BootstrapVariables,
            password is null ? null : password + "\n",
            arguments);
}
