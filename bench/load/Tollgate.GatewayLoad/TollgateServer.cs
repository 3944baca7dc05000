using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tollgate.GatewayLoad;

/// <summary>
/// The real server (Release build) as a gateway: two routes to the upstream with the full per-route policy (API key,
/// JSON Schema on POST, request id, capture stored), one capturing metadata (/meta/...), one bodies (/bodies/...).
/// One process serves both, so they share everything but the capture mode. Its database lives in a temp directory.
/// </summary>
internal static class TollgateServer
{
    /// <summary>Path prefix of the route that captures metadata only.</summary>
    public const string MetadataPrefix = "/meta";

    /// <summary>Path prefix of the route that captures bodies too.</summary>
    public const string BodiesPrefix = "/bodies";

    /// <summary>Route id of the metadata route.</summary>
    public const string MetadataRoute = "bench-meta";

    /// <summary>Route id of the bodies route.</summary>
    public const string BodiesRoute = "bench-bodies";

    private const string AdminEmail = "gateway-load@tollgate.test";
    private const string AdminPassword = "gateway-load-admin-passphrase";
    private static readonly string[] RateLimitPolicies = ["ingest", "query", "admin", "auth"];
    private static readonly string[] KeyScopes = ["read"];

    /// <summary>
    /// Starts the server, with <paramref name="extraConfiguration"/> (<c>Key=Value</c>) after the gateway's own, and
    /// creates the API key the load sends; returns once both are done.
    /// </summary>
    public static async Task<(ChildProcess Server, string ApiKey)> StartAsync(
        string serverDll, string directory, int port, int upstreamPort, string schemaPath, IEnumerable<string> extraConfiguration, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var passwordFile = Path.Combine(directory, "admin-password.txt");
        await File.WriteAllTextAsync(passwordFile, AdminPassword, cancellationToken);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__Sqlite__Path"] = DatabasePath(directory),
            ["TOLLGATE_BOOTSTRAP_ADMIN_EMAIL"] = AdminEmail,
            ["TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD_FILE"] = passwordFile,
        };

        // The API rate limits stay as configured; they only need room for the harness's own set-up calls.
        foreach (var policy in RateLimitPolicies)
        {
            environment[$"RateLimiting__Policies__{policy}__PermitsPerSecond"] = "1000000";
            environment[$"RateLimiting__Policies__{policy}__Burst"] = "1000000";
        }

        var server = await ChildProcess.StartAsync(
            "Tollgate",
            "dotnet",
            [serverDll, "--urls", $"http://127.0.0.1:{port}", .. GatewayArguments(upstreamPort, schemaPath), .. extraConfiguration.Select(c => "--" + c)],
            port,
            directory,
            environment,
            cancellationToken);
        try
        {
            return (server, await CreateKeyAsync(port, cancellationToken));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's database file under <paramref name="directory"/>.</summary>
    public static string DatabasePath(string directory) => Path.Combine(directory, "tollgate.db");

    /// <summary>The gateway configuration, as command-line configuration keys.</summary>
    public static IEnumerable<string> GatewayArguments(int upstreamPort, string schemaPath)
    {
        yield return "--Gateway:Capture:Mode=Metadata";
        foreach (var (route, prefix, capture) in new[] { (MetadataRoute, MetadataPrefix, "Metadata"), (BodiesRoute, BodiesPrefix, "Bodies") })
        {
            var key = $"--Gateway:Routes:{route}";
            yield return $"{key}:ClusterId=upstream";
            yield return $"{key}:Match:Path={prefix}/{{**rest}}";
            yield return $"{key}:Transforms:0:PathRemovePrefix={prefix}";
            yield return $"{key}:Policy:Auth=apikey";
            yield return $"{key}:Policy:Schema:POST={schemaPath}";
            yield return $"{key}:Policy:Capture:Mode={capture}";
        }

        yield return $"--Gateway:Clusters:upstream:Destinations:d1:Address=http://127.0.0.1:{upstreamPort}/";
    }

    // Logs in as the bootstrap admin and creates a read-scoped key: the gateway routes need a valid key, no scope.
    private static async Task<string> CreateKeyAsync(int port, CancellationToken cancellationToken)
    {
        var ready = DateTime.UtcNow.AddSeconds(60);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        while (true)
        {
            using var health = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
            if (health.IsSuccessStatusCode)
            {
                break;
            }

            if (DateTime.UtcNow > ready)
            {
                throw new TimeoutException($"Tollgate's /health/ready answered {(int)health.StatusCode} for 60 s.");
            }

            await Task.Delay(100, cancellationToken);
        }

        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = AdminEmail, password = AdminPassword }, cancellationToken);
        login.EnsureSuccessStatusCode();
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        using var created = await client.PostAsJsonAsync("/api/v1/keys", new { name = "gateway load", scopes = KeyScopes }, cancellationToken);
        created.EnsureSuccessStatusCode();
        var key = await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return key.GetProperty("key").GetString()!;
    }
}
