using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.Validation;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Validation;

/// <summary>
/// Schema validation in a route pipeline with a 1 KiB body limit and at most 10 listed violations. Routes:
/// <c>/orders</c> validates POST bodies against <see cref="Schemas.Order"/>; <c>/any</c> has it for
/// <see cref="RequestSchemaSet.AnyMethod"/>; <c>/open</c> has a policy without schemas; anything else has no route
/// feature at all. Every request that gets through reaches <see cref="Upstream.EchoAsync"/>.
/// </summary>
public sealed class SchemaValidationServer : IAsyncLifetime
{
    public const int MaxBodyBytes = 1024;
    public const int MaxErrors = 10;

    private RoutePipelineHost? host;

    public RoutePipelineHost Host => host!;

    public async ValueTask InitializeAsync()
    {
        using var directory = new TempDirectory("schemas-");
        var order = Schemas.Write(directory, "order.json", Schemas.Order);
        var orders = await RequestSchemaSet.LoadAsync(new Dictionary<string, string> { ["post"] = order }, directory.Path, TestContext.Current.CancellationToken);
        var any = await RequestSchemaSet.LoadAsync(new Dictionary<string, string> { ["*"] = order }, directory.Path, TestContext.Current.CancellationToken);
        var policies = new Dictionary<string, GatewayRoutePolicy>
        {
            ["orders"] = RoutePipelineHost.Policy("orders", schemas: orders),
            ["any"] = RoutePipelineHost.Policy("any", schemas: any),
            ["open"] = RoutePipelineHost.Policy("open"),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Validation:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Validation:MaxErrors"] = MaxErrors.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        host = await RoutePipelineHost.StartAsync(
            policies,
            services => services.AddTollgateSchemaValidation(configuration),
            app => app.UseTollgateSchemaValidation(),
            Upstream.EchoAsync);
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
