using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Requests;

/// <summary>
/// The redaction rules of reported requests are compiled at start-up, so settings they cannot use stop the start
/// (without any gateway route, which would compile them too) rather than fail the first report.
/// </summary>
public sealed class RedactionSettingsTests
{
    [Theory]
    [InlineData("Gateway:Capture:RedactJsonPaths:0", "customer/email")]
    [InlineData("Gateway:Capture:MaxBodyBytes", "-1")]
    public async Task Invalid_capture_setting_stops_the_start_naming_the_key(string key, string value)
    {
        using var directory = new TempDirectory("capture-options-");

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(
            directory.Combine("tollgate.db"), new Dictionary<string, string> { [key] = value }, TimeSpan.FromSeconds(60));

        Assert.NotNull(exitCode);
        Assert.NotEqual(0, exitCode);
        Assert.Contains(key, output, StringComparison.Ordinal);
    }
}
