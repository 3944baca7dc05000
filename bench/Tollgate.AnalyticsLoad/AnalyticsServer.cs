using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.ScaleOutLoad;

namespace Tollgate.AnalyticsLoad;

/// <summary>
/// One server process (<c>dotnet Tollgate.Server.dll</c>, all roles) on a fresh database, with rollups on or off, and
/// the two API keys the run uses: <c>ingest</c> for the load, <c>read</c> for the analytics calls, created through the
/// API by the bootstrap admin, as an operator would. Killed (with any children) on dispose.
/// </summary>
internal sealed class AnalyticsServer : IAsyncDisposable
{
    private const string AdminEmail = "analytics-load@tollgate.test";
    private const string AdminPassword = "analytics-load-admin-passphrase";

    // Limits stay on, so their cost is measured, with quotas no load here reaches.
    private static readonly string[] RateLimitPolicies = ["ingest", "query", "admin", "auth"];

    private AnalyticsServer(NodeProcess node)
    {
        Node = node;
    }

    public NodeProcess Node { get; }

    public Uri BaseAddress => Node.BaseAddress;

    /// <summary>An API key with scope <c>ingest</c>.</summary>
    public string IngestKey { get; private set; } = "";

    /// <summary>An API key with scope <c>read</c>.</summary>
    public string ReadKey { get; private set; } = "";

    /// <summary>
    /// Starts server <paramref name="name"/> in <paramref name="directory"/> with <paramref name="storeSettings"/> and
    /// <c>Analytics:Rollups</c> = <paramref name="rollups"/>; minute rollups are kept for
    /// <paramref name="minuteRetentionDays"/>. Returns once it is ready and the keys exist.
    /// </summary>
    public static async Task<AnalyticsServer> StartAsync(
        string serverDll, string name, string directory, IReadOnlyDictionary<string, string> storeSettings, bool rollups, int minuteRetentionDays,
        CancellationToken cancellationToken)
    {
        var passwordFile = Path.Combine(directory, "admin-password.txt");
        await File.WriteAllTextAsync(passwordFile, AdminPassword, cancellationToken);
        var settings = new Dictionary<string, string>(storeSettings)
        {
            ["Analytics:Rollups"] = rollups ? "true" : "false",
            ["Analytics:MinuteRetentionDays"] = minuteRetentionDays.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["TOLLGATE_BOOTSTRAP_ADMIN_EMAIL"] = AdminEmail,
            ["TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD_FILE"] = passwordFile,
        };
        foreach (var policy in RateLimitPolicies)
        {
            settings[$"RateLimiting:Policies:{policy}:PermitsPerSecond"] = "1000000";
            settings[$"RateLimiting:Policies:{policy}:Burst"] = "1000000";
        }

        var server = new AnalyticsServer(await NodeProcess.StartAsync(name, serverDll, directory, settings, cancellationToken));
        try
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = AdminEmail, password = AdminPassword }, cancellationToken);
            login.EnsureSuccessStatusCode();
            var tokens = await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
            server.IngestKey = await CreateKeyAsync(client, "analytics load: ingest", "ingest", cancellationToken);
            server.ReadKey = await CreateKeyAsync(client, "analytics load: read", "read", cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Node.DisposeAsync();

    private static async Task<string> CreateKeyAsync(HttpClient client, string name, string scope, CancellationToken cancellationToken)
    {
        using var created = await client.PostAsJsonAsync("/api/v1/keys", new { name, scopes = new[] { scope } }, cancellationToken);
        created.EnsureSuccessStatusCode();
        var key = await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return key.GetProperty("key").GetString()!;
    }
}
