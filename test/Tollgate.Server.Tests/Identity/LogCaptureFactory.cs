using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

/// <summary>A server that logs everything, at every level and in every category, into <see cref="Logs"/>.</summary>
public sealed class LogCaptureFactory : TollgateFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(Logs)
            .AddFilter<CapturingLoggerProvider>(category: null, LogLevel.Trace));
    }
}
