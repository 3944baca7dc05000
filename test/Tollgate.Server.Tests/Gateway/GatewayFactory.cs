using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Gateway;

/// <summary>
/// The real server with gateway routes to a real <see cref="Upstream"/>, configured through a JSON config file
/// (<c>--ConfigFile</c>), the way operators configure it. Each route strips its own prefix, so <c>/open/hello</c>
/// reaches the upstream's <c>/hello</c>. With <c>kestrel</c> it listens on a real loopback port, for tests that need
/// real sockets.
/// </summary>
public sealed class GatewayFactory : TollgateFactory
{
    private readonly IReadOnlyDictionary<string, string?> extraSettings;

    public GatewayFactory(string configFile, bool kestrel = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ConfigFile = configFile;
        extraSettings = settings ?? new Dictionary<string, string?>();
        if (kestrel)
        {
            UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
            StartServer();
        }
    }

    public string ConfigFile { get; }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(extraSettings)
    {
        ["ConfigFile"] = ConfigFile,
        ["Pipeline:Capture:FlushInterval"] = "00:00:00.020",
    };

    /// <summary>A route to <paramref name="cluster"/> under <c>/{id}/</c>, with the prefix removed before forwarding.</summary>
    public static JsonObject Route(string id, string cluster, JsonObject? policy = null)
    {
        var route = new JsonObject
        {
            ["ClusterId"] = cluster,
            ["Match"] = new JsonObject { ["Path"] = $"/{id}/{{**rest}}" },
            ["Transforms"] = new JsonArray(new JsonObject { ["PathRemovePrefix"] = $"/{id}" }),
        };
        if (policy is not null)
        {
            route["Policy"] = policy;
        }

        return route;
    }

    /// <summary>A cluster with one destination.</summary>
    public static JsonObject Cluster(string address, string? activityTimeout = null)
    {
        var cluster = new JsonObject
        {
            ["Destinations"] = new JsonObject { ["d1"] = new JsonObject { ["Address"] = address } },
        };
        if (activityTimeout is not null)
        {
            cluster["HttpRequest"] = new JsonObject { ["ActivityTimeout"] = activityTimeout };
        }

        return cluster;
    }

    /// <summary>Writes a config file with the gateway section.</summary>
    public static async Task WriteConfigAsync(string path, JsonObject gateway)
    {
        var root = new JsonObject { ["Gateway"] = gateway };
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, root.ToJsonString());
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A free-standing temp directory for a config file and its schemas.</summary>
    public static TempDirectory CreateDirectory() => new("gateway-");
}
