using System.Net;
using System.Text;
using Tollgate.Server.Tests.ScaleOut;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Gateway;

/// <summary>
/// A schema `pattern` with catastrophic backtracking must not let a hostile body pin a server thread: the server process
/// sets a default regular-expression timeout at start, and the gateway refuses a body it could not check in time.
/// Runs the real server process, because the default timeout is fixed for a process at its first regular expression.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class SchemaPatternTimeoutTests
{
    [Fact]
    public async Task Body_that_backtracks_catastrophically_on_a_pattern_is_refused_without_reaching_the_upstream()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var directory = new TempDirectory("pattern-timeout-");
        await using var upstream = await Upstream.StartAsync();
        var schema = directory.Combine("evil.schema.json");
        await File.WriteAllTextAsync(schema, """
            {"type":"object","properties":{"name":{"type":"string","pattern":"^(a+)+$"}},"required":["name"]}
            """, cancellationToken);
        await using var node = await ScaleOutNode.StartAsync(
            "gateway",
            new Dictionary<string, string>
            {
                ["Storage:Sqlite:Path"] = directory.Combine("tollgate.db"),
                ["Gateway:Routes:echo:ClusterId"] = "upstream",
                ["Gateway:Routes:echo:Match:Path"] = "/echo",
                ["Gateway:Routes:echo:Policy:Auth"] = "none",
                ["Gateway:Routes:echo:Policy:Schema:POST"] = schema,
                ["Gateway:Clusters:upstream:Destinations:one:Address"] = upstream.Address,
                ["Logging:LogLevel:Default"] = "Warning",
            },
            accessToken: string.Empty,
            cancellationToken);
        using var client = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(60) };

        using var fine = await client.PostAsync("/echo", Json("""{"name":"aaaa"}"""), cancellationToken);
        using var hostile = await client.PostAsync("/echo", Json("{\"name\":\"" + new string('a', 40) + "!\"}"), cancellationToken);

        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);
        Assert.Contains("took too long", await hostile.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
        Assert.Single(upstream.Received, r => r.PathAndQuery == "/echo");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
