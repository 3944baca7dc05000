using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Requests;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Storage.Sqlite;

namespace Tollgate.Server.Tests.Gateway;

/// <summary>The proxy never waits for the store: with the writer stuck, a full capture queue drops and counts.</summary>
public sealed class GatewayQueueTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_capture_queue_drops_and_counts_while_requests_keep_being_served()
    {
        await using var upstream = await Upstream.StartAsync();
        await using var directory = GatewayFactory.CreateDirectory();
        var config = directory.Combine("tollgate.json");
        await GatewayFactory.WriteConfigAsync(config, new JsonObject
        {
            ["Routes"] = new JsonObject { ["open"] = GatewayFactory.Route("open", "up", new JsonObject { ["Auth"] = "none" }) },
            ["Clusters"] = new JsonObject { ["up"] = GatewayFactory.Cluster(upstream.Address) },
        });
        var gate = new GatedRequestStore.Gate();
        await using var factory = new StuckWriterFactory(config, gate);
        using var client = factory.CreateAnonymousClient();
        using var platform = await PlatformClientAsync(factory);

        // The first capture reaches the writer, which blocks in the store; the queue holds one more; the rest drop.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/open/hello", Cancel)).StatusCode);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/open/hello?n={i}", Cancel)).StatusCode);
        }

        // Captures are queued once each response has completed, which may be just after the client saw it.
        var status = await StatusAsync(platform);
        var counted = DateTime.UtcNow.AddSeconds(10);
        while (status.GetProperty("enqueued").GetInt64() + status.GetProperty("dropped").GetInt64() < 10 && DateTime.UtcNow < counted)
        {
            await Task.Delay(20, Cancel);
            status = await StatusAsync(platform);
        }

        Assert.Equal(1, status.GetProperty("capacity").GetInt32());
        Assert.Equal("drop", status.GetProperty("full_mode").GetString());
        Assert.Equal(8, status.GetProperty("dropped").GetInt64());
        Assert.Equal(2, status.GetProperty("enqueued").GetInt64());

        gate.Open();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((status = await StatusAsync(platform)).GetProperty("written").GetInt64() < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "The two queued captures were not written after the store recovered.");
            await Task.Delay(20, Cancel);
        }

        var stored = await factory.Services.GetRequiredService<IRequestStore>()
            .QueryAsync("default", new RequestQuery(new RequestFilter { Route = "open" }, 100), Cancel);
        Assert.Equal(2, stored.Items.Count);
    }

    [Fact]
    public async Task Pipeline_status_is_for_platform_admins_only()
    {
        await using var factory = new TollgateFactory();
        using var tenantAdmin = factory.CreateClient();

        await ProblemAssert.IsAsync(await tenantAdmin.GetAsync("/api/v1/pipeline", Cancel), HttpStatusCode.Forbidden, "forbidden");
    }

    private static async Task<HttpClient> PlatformClientAsync(TollgateFactory factory)
    {
        var email = IdentityApi.UniqueEmail("platform");
        await IdentityApi.CreateUserAsync(factory, "default", email, Core.Identity.Role.PlatformAdmin);
        var session = await IdentityApi.LogInAsync(factory, email);
        return IdentityApi.BearerClient(factory, session.AccessToken);
    }

    private static async Task<JsonElement> StatusAsync(HttpClient platform)
    {
        var response = await platform.GetAsync("/api/v1/pipeline", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("capture");
    }

    private sealed class StuckWriterFactory(string configFile, GatedRequestStore.Gate gate) : TollgateFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["ConfigFile"] = configFile,
            ["Pipeline:Capture:Capacity"] = "1",
            ["Pipeline:Capture:BatchSize"] = "1",
            ["Pipeline:Capture:FlushInterval"] = "00:00:00.001",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
                services.AddSingleton<IRequestStore>(sp => new GatedRequestStore(sp.GetRequiredService<SqliteRequestStore>(), gate)));
        }
    }
}
