using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>
/// Hosts the real server in memory over a real SQLite database in a fresh temp directory, deleted on dispose.
/// Subclasses add settings or a fake clock. One instance per test class (a class fixture).
/// </summary>
public class TollgateFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory directory = new("server-");

    /// <summary>The database file.</summary>
    public string DatabasePath => directory.Combine("tollgate.db");

    /// <summary>A clock the test moves; null to use the system clock.</summary>
    public FakeTimeProvider? Clock { get; protected init; }

    /// <summary>Configuration on top of the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await directory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Sqlite:Path", DatabasePath);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
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
