using Microsoft.Extensions.Logging.Console;

namespace Tollgate.Server.Commands;

/// <summary>
/// The generic host (no web server) that commands working on the store run in: the server's configuration sources,
/// and only warnings and errors logged, because a command's output is its own message.
/// </summary>
internal static class CommandHost
{
    /// <summary>A builder to add the command's services to; starting the built host runs the store's own start-up (migrations; partitions on PostgreSQL).</summary>
    public static HostApplicationBuilder CreateBuilder()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.AddFilter<ConsoleLoggerProvider>(category: null, LogLevel.Warning);
        return builder;
    }
}
