using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Server.Topology;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Topology;

/// <summary><c>Tollgate:Roles</c> decides which endpoints a node serves; a node without roles has them all.</summary>
public sealed class NodeRolesTests
{
    private const string OneEvent = """{"user_id":"u-1","event_type":"role.test","src_service":"tests"}""";

    [Theory]
    [InlineData("gateway,ingest", NodeRole.Gateway | NodeRole.Ingest)]
    [InlineData(" Query , console ", NodeRole.Query | NodeRole.Console)]
    [InlineData("collector", NodeRole.Collector)]
    public void Reads_a_comma_separated_list(string value, NodeRole expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [NodeRoles.ConfigurationKey] = value }).Build();

        Assert.Equal(expected, NodeRoles.FromConfiguration(configuration).Enabled);
    }

    [Fact]
    public void Reads_an_array()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tollgate:Roles:0"] = "ingest",
            ["Tollgate:Roles:1"] = "query",
        }).Build();

        Assert.Equal(NodeRole.Ingest | NodeRole.Query, NodeRoles.FromConfiguration(configuration).Enabled);
    }

    [Fact]
    public void No_roles_means_every_role()
    {
        Assert.Equal(NodeRole.All, NodeRoles.FromConfiguration(new ConfigurationBuilder().Build()).Enabled);
    }

    [Fact]
    public void Unknown_role_is_refused_with_the_valid_ones()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [NodeRoles.ConfigurationKey] = "ingest,colector" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => NodeRoles.FromConfiguration(configuration));

        Assert.Contains("'colector'", error.Message, StringComparison.Ordinal);
        Assert.Contains("collector", error.Message.Replace("'colector'", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_node_takes_writes_and_serves_no_reads()
    {
        await using var factory = new ConfiguredFactory(new Dictionary<string, string?> { [NodeRoles.ConfigurationKey] = "ingest" });
        using var client = factory.CreateClient();
        var cancellationToken = TestContext.Current.CancellationToken;

        using var written = await client.PostAsync("/api/v1/logs", Json(OneEvent), cancellationToken);
        using var searched = await client.GetAsync("/api/v1/logs", cancellationToken);
        using var tenants = await client.GetAsync("/api/v1/tenants", cancellationToken);
        using var requests = await client.GetAsync("/api/requests", cancellationToken);
        using var analytics = await client.GetAsync("/api/analytics/summary", cancellationToken);
        using var health = await client.GetAsync("/health", cancellationToken);

        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, searched.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, tenants.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, requests.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, analytics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Query_node_serves_reads_and_takes_no_writes()
    {
        await using var factory = new ConfiguredFactory(new Dictionary<string, string?> { [NodeRoles.ConfigurationKey] = "query" });
        using var client = factory.CreateClient();
        var cancellationToken = TestContext.Current.CancellationToken;

        using var searched = await client.GetAsync("/api/v1/logs", cancellationToken);
        using var analytics = await client.GetAsync("/api/analytics/summary", cancellationToken);
        using var written = await client.PostAsync("/api/v1/logs", Json(OneEvent), cancellationToken);
        using var reported = await client.PostAsync("/api/v1/requests", Json("[]"), cancellationToken);
        using var seed = await client.PostAsync("/events", Json(OneEvent), cancellationToken);

        Assert.Equal(HttpStatusCode.OK, searched.StatusCode);
        Assert.Equal(HttpStatusCode.OK, analytics.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, written.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reported.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, seed.StatusCode);
    }

    [Fact]
    public async Task Unknown_role_stops_the_start_naming_the_setting()
    {
        await using var directory = new TempDirectory("roles-");

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(
            directory.Combine("tollgate.db"),
            new Dictionary<string, string> { ["Tollgate:Roles"] = "gateway,frontend" },
            TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Tollgate:Roles", output, StringComparison.Ordinal);
        Assert.Contains("'frontend'", output, StringComparison.Ordinal);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
