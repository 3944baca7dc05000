using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Topology;

/// <summary><c>Storage:Provider</c> choices that must stop the start with a message saying what to fix.</summary>
public sealed class StorageProviderTests
{
    [Fact]
    public async Task Unknown_provider_stops_the_start()
    {
        await using var directory = new TempDirectory("provider-");

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(
            directory.Combine("tollgate.db"),
            new Dictionary<string, string> { ["Storage:Provider"] = "Mongo" },
            TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Storage:Provider", output, StringComparison.Ordinal);
        Assert.Contains("Postgres", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_without_a_shared_master_key_stops_the_start()
    {
        await using var directory = new TempDirectory("provider-");

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(
            directory.Combine("tollgate.db"),
            new Dictionary<string, string>
            {
                ["Storage:Provider"] = "Postgres",
                ["ConnectionStrings:Tollgate"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none",
            },
            TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Identity:MasterKey", output, StringComparison.Ordinal);
    }
}
