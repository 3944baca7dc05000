using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tollgate.Core.Requests;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Gateway;

/// <summary>
/// One upstream and one gateway in front of it with a route per policy under test. Routes: <c>open</c> (anonymous,
/// bodies captured), <c>meta</c> (anonymous, metadata only), <c>keys</c> (API keys), <c>tokens</c> (JWTs),
/// <c>signed</c> (HMAC-signed API keys), <c>scoped</c> (API keys holding orders:write), <c>either</c> (JWT or API key),
/// <c>schema</c> (POST validated), <c>sealed</c> (encrypted both ways), <c>down</c> (nothing listening) and
/// <c>slow</c> (1 s upstream timeout).
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private readonly TempDirectory directory = GatewayFactory.CreateDirectory();

    public Upstream Upstream { get; private set; } = null!;

    public GatewayFactory Factory { get; private set; } = null!;

    /// <summary>The encryption key that encrypts (newest) and the older one that still decrypts.</summary>
    public static readonly (string Id, byte[] Key) NewKey = ("k2", RandomNumberGenerator.GetBytes(32));

    public static readonly (string Id, byte[] Key) OldKey = ("k1", RandomNumberGenerator.GetBytes(32));

    public async ValueTask InitializeAsync()
    {
        Upstream = await Upstream.StartAsync();
        var schema = directory.Combine("order.schema.json");
        await File.WriteAllTextAsync(schema, """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "type": "object",
              "required": ["sku", "qty"],
              "additionalProperties": false,
              "properties": {
                "sku": { "type": "string", "maxLength": 12 },
                "qty": { "type": "integer", "minimum": 1, "maximum": 10 },
                "note": { "type": "string" }
              }
            }
            """);
        var config = directory.Combine("tollgate.json");
        await GatewayFactory.WriteConfigAsync(config, new JsonObject
        {
            ["Encryption"] = new JsonObject
            {
                ["Keys"] = new JsonArray(
                    new JsonObject { ["Id"] = NewKey.Id, ["Key"] = Convert.ToBase64String(NewKey.Key) },
                    new JsonObject { ["Id"] = OldKey.Id, ["Key"] = Convert.ToBase64String(OldKey.Key) }),
            },
            ["Routes"] = new JsonObject
            {
                ["open"] = GatewayFactory.Route("open", "up", new JsonObject { ["Auth"] = "none", ["Capture"] = new JsonObject { ["Mode"] = "Bodies" } }),
                ["meta"] = GatewayFactory.Route("meta", "up", new JsonObject { ["Auth"] = "none" }),
                ["keys"] = GatewayFactory.Route("keys", "up", new JsonObject { ["Auth"] = "apikey" }),
                ["tokens"] = GatewayFactory.Route("tokens", "up", new JsonObject { ["Auth"] = "jwt" }),
                ["signed"] = GatewayFactory.Route("signed", "up", new JsonObject { ["Auth"] = "hmac" }),
                ["either"] = GatewayFactory.Route("either", "up"),
                ["scoped"] = GatewayFactory.Route("scoped", "up", new JsonObject { ["Auth"] = "apikey", ["Scopes"] = new JsonArray("orders:write") }),
                ["schema"] = GatewayFactory.Route("schema", "up", new JsonObject
                {
                    ["Auth"] = "none",
                    ["Schema"] = new JsonObject { ["POST"] = schema },
                    ["Capture"] = new JsonObject { ["Mode"] = "Bodies" },
                }),
                ["sealed"] = GatewayFactory.Route("sealed", "up", new JsonObject
                {
                    ["Auth"] = "none",
                    ["Encryption"] = "Both",
                    ["Capture"] = new JsonObject { ["Mode"] = "Bodies" },
                }),
                ["down"] = GatewayFactory.Route("down", "down", new JsonObject { ["Auth"] = "none" }),
                ["slow"] = GatewayFactory.Route("slow", "slow", new JsonObject { ["Auth"] = "none" }),
            },
            ["Clusters"] = new JsonObject
            {
                ["up"] = GatewayFactory.Cluster(Upstream.Address),
                ["down"] = GatewayFactory.Cluster("http://127.0.0.1:1/"),
                ["slow"] = GatewayFactory.Cluster(Upstream.Address, activityTimeout: "00:00:01"),
            },
        });
        Factory = new GatewayFactory(config);
        _ = Factory.Server;
    }

    /// <summary>Waits (up to 10 s) for the capture of the request with <paramref name="requestId"/> to be stored.</summary>
    public Task<RequestRecord> CapturedAsync(string requestId, string tenant = Core.Tenants.Default) =>
        Captures.WaitForAsync(Factory, requestId, tenant);

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Upstream.DisposeAsync();
        await directory.DisposeAsync();
    }
}
