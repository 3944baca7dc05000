using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// Runs the real server process: a bad setting must stop the start, with a message that names the key. (A
/// WebApplicationFactory host that fails to start can surface a disposed-provider error instead, so it cannot tell.)
/// </summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Audit:MaxJsonDepth", "0")]
    [InlineData("Audit:MaxBulkEvents", "0")]
    [InlineData("Audit:MaxBodyBytes", "10")]
    [InlineData("Audit:Limits:MaxEventBytes", "1")]
    [InlineData("Storage:Sqlite:MaxBatchEvents", "0")]
    public async Task Invalid_option_stops_the_start_naming_the_key(string key, string value)
    {
        using var directory = new TempDirectory("options-");

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(
            directory.Combine("tollgate.db"), new Dictionary<string, string> { [key] = value }, TimeSpan.FromSeconds(60));

        Assert.NotNull(exitCode);
        Assert.NotEqual(0, exitCode);
        Assert.Contains(key, output, StringComparison.Ordinal);
        Assert.Contains("OptionsValidationException", output, StringComparison.Ordinal);
    }
}
