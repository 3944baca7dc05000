using System.Net;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Gateway;

/// <summary>Routes come from a config file that is reloaded without a restart, and a bad route stops the start.</summary>
public sealed class GatewayConfigurationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Editing_the_config_file_changes_routes_and_policies_without_a_restart()
    {
        await using var upstream = await Upstream.StartAsync();
        await using var directory = GatewayFactory.CreateDirectory();
        var config = directory.Combine("tollgate.json");
        await GatewayFactory.WriteConfigAsync(config, Gateway(upstream, new JsonObject
        {
            ["alpha"] = GatewayFactory.Route("alpha", "up", new JsonObject { ["Auth"] = "none" }),
        }));
        await using var factory = new GatewayFactory(config);
        using var client = factory.CreateAnonymousClient();
        using var keyed = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alpha/hello", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await keyed.GetAsync("/beta/hello", Cancel)).StatusCode);

        await GatewayFactory.WriteConfigAsync(config, Gateway(upstream, new JsonObject
        {
            ["alpha"] = GatewayFactory.Route("alpha", "up", new JsonObject { ["Auth"] = "apikey" }),
            ["beta"] = GatewayFactory.Route("beta", "up", new JsonObject { ["Auth"] = "none" }),
        }));

        await Eventually(async () => (await client.GetAsync("/beta/hello", Cancel)).StatusCode == HttpStatusCode.OK);
        await Eventually(async () => (await client.GetAsync("/alpha/hello", Cancel)).StatusCode == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_bad_reload_keeps_the_previous_routes_in_force()
    {
        await using var upstream = await Upstream.StartAsync();
        await using var directory = GatewayFactory.CreateDirectory();
        var config = directory.Combine("tollgate.json");
        await GatewayFactory.WriteConfigAsync(config, Gateway(upstream, new JsonObject
        {
            ["alpha"] = GatewayFactory.Route("alpha", "up", new JsonObject { ["Auth"] = "none" }),
        }));
        await using var factory = new GatewayFactory(config);
        using var client = factory.CreateAnonymousClient();
        using var keyed = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alpha/hello", Cancel)).StatusCode);

        await GatewayFactory.WriteConfigAsync(config, Gateway(upstream, new JsonObject
        {
            ["alpha"] = GatewayFactory.Route("alpha", "up", new JsonObject { ["Auth"] = "apikey" }),
            ["broken"] = GatewayFactory.Route("broken", "up", new JsonObject { ["Auth"] = "sometimes" }),
        }));
        await GatewayFactory.WriteConfigAsync(config, Gateway(upstream, new JsonObject
        {
            ["alpha"] = GatewayFactory.Route("alpha", "up", new JsonObject { ["Auth"] = "apikey" }),
            ["broken"] = GatewayFactory.Route("broken", "up", new JsonObject { ["Auth"] = "sometimes" }),
            ["marker"] = GatewayFactory.Route("marker", "up", new JsonObject { ["Auth"] = "none" }),
        }));

        // The broken file never applies: no marker route appears and alpha stays anonymous.
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, (await keyed.GetAsync("/marker/hello", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alpha/hello", Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("""{"Auth":"sometimes"}""", "Auth")]
    [InlineData("""{"Auth":"none","Scopes":["orders:write"]}""", "Scopes")]
    [InlineData("""{"Scopes":["Orders Write"]}""", "Scopes")]
    [InlineData("""{"RateLimit":"unlimited"}""", "RateLimit")]
    [InlineData("""{"Encryption":"Both"}""", "Encryption")]
    [InlineData("""{"Schema":{"POST":"missing-schema.json"}}""", "missing-schema.json")]
    [InlineData("""{"Tenant":"Not A Tenant"}""", "Tenant")]
    [InlineData("""{"Capture":{"MaxBodyBytes":-1}}""", "Policy:Capture:MaxBodyBytes")]
    public async Task A_bad_route_policy_stops_the_start_naming_the_route(string policy, string named)
    {
        using var directory = new TempDirectory("gateway-start-");
        var config = directory.Combine("tollgate.json");
        await GatewayFactory.WriteConfigAsync(config, new JsonObject
        {
            ["Routes"] = new JsonObject { ["orders-route"] = GatewayFactory.Route("orders", "up", JsonNode.Parse(policy)!.AsObject()) },
            ["Clusters"] = new JsonObject { ["up"] = GatewayFactory.Cluster("http://127.0.0.1:1/") },
        });

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(
            directory.Combine("tollgate.db"), new Dictionary<string, string> { ["ConfigFile"] = config }, TimeSpan.FromSeconds(60));

        Assert.NotNull(exitCode);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("orders-route", output, StringComparison.Ordinal);
        Assert.Contains(named, output, StringComparison.Ordinal);
    }

    private static JsonObject Gateway(Upstream upstream, JsonObject routes) => new()
    {
        ["Routes"] = routes,
        ["Clusters"] = new JsonObject { ["up"] = GatewayFactory.Cluster(upstream.Address) },
    };

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The configuration change did not apply within 15 s.");
            await Task.Delay(100, Cancel);
        }
    }
}
