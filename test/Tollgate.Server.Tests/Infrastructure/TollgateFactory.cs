using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Identity.ApiKeys;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>
/// Hosts the real server in memory over a real SQLite database in a fresh temp directory, deleted on dispose.
/// Subclasses add settings or a fake clock. One instance per test class (a class fixture).
/// </summary>
/// <remarks>
/// <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> returns a client that sends a real API key of the
/// default tenant with every scope (created through the server's own issuer), so tests of other features are
/// authenticated the way a deployment is. Rate limits are off unless a subclass turns them on.
/// </remarks>
public class TollgateFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory directory = new("server-");
    private readonly Lock keyLock = new();
    private string? apiKey;

    /// <summary>The database file.</summary>
    public string DatabasePath => directory.Combine("tollgate.db");

    /// <summary>A clock the test moves; null to use the system clock.</summary>
    public FakeTimeProvider? Clock { get; protected init; }

    /// <summary>The default tenant's all-scopes API key that <c>CreateClient</c> sends.</summary>
    public string ApiKey
    {
        get
        {
            lock (keyLock)
            {
                return apiKey ??= CreateApiKeyAsync(Tenants.Default, [Scopes.Ingest, Scopes.Read, Scopes.Admin]).GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>Creates an API key through the server's issuer and returns its secret.</summary>
    public async Task<string> CreateApiKeyAsync(string tenantId, IReadOnlyList<string> scopes, ApiKeySigning signing = ApiKeySigning.None, DateTimeOffset? expiresAt = null)
    {
        var issuer = Services.GetRequiredService<ApiKeyIssuer>();
        var created = await issuer.CreateAsync(tenantId, "tests", scopes, signing, expiresAt, "tests", CancellationToken.None);
        return created.Secret;
    }

    /// <summary>A client that sends no credentials.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>Configuration on top of the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await directory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Sqlite:Path", DatabasePath);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("RateLimiting:Enabled", "false");

        // Fixtures write requests with fixed (old) timestamps and move fake clocks by days: the retention job would
        // delete them under the tests' feet. Its own tests are in Tollgate.Storage.Sqlite.Tests.
        builder.UseSetting("Storage:Sqlite:RequestRetentionDays", "0");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        }
    }
}
