using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Tracing;

/// <summary>
/// The real server plus a test-only path, <see cref="ThrowPath"/>, that throws after the whole pipeline (identity
/// included) has run, so a test can see what an unhandled exception turns into. Logs go to <see cref="Logs"/>.
/// </summary>
public sealed class ThrowingEndpointFactory : TollgateFactory
{
    public const string ThrowPath = "/test/throw";

    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ThrowingStartupFilter>());
    }

    private sealed class ThrowingStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((context, nextMiddleware) => context.Request.Path == ThrowPath
                ? throw new InvalidOperationException("A test-only failure.")
                : nextMiddleware(context));
        };
    }
}
