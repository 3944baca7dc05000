using Tollgate.Server.Commands;

if (TollgateCommandLine.IsCommand(args))
{
    return await TollgateCommandLine.RunAsync(args, Console.In, Console.Out, Console.Error);
}

// appsettings.json ships beside the binary; relative data paths still start at the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddTollgateConfigFile(args);
builder.UseTollgateListenAddress();
builder.Services
    .AddTollgateRequestTracing()
    .AddTollgateProblems()
    .AddTollgateHttpJson()
    .AddTollgateSqliteStorage(builder.Configuration)
    .AddTollgateServerIdentity(builder.Configuration)
    .AddTollgateGateway(builder.Configuration)
    .AddTollgateRequestCapture(builder.Configuration)
    .AddTollgateBootstrapAdmin()
    .AddTollgateAuditApi()
    .AddTollgateRequestsApi()
    .AddTollgateHealth()
    .AddTollgateOpenApi();

var app = builder.Build();
app.UseTollgateRequestTracing();
app.UseTollgateGateway();
app.UseTollgateProblems();
app.UseTollgateIdentity();
app.MapTollgateHealth();
app.MapTollgateAuthApi();
app.MapTollgateTenantsApi();
app.MapTollgateUsersApi();
app.MapTollgateApiKeysApi();
app.MapTollgateSeedEventsApi();
app.MapTollgateAuditApi();
app.MapTollgateRequestsApi();
app.MapTollgatePipelineApi();
app.MapTollgateOpenApi();
app.MapTollgateGateway();
await app.RunAsync();
return 0;

/// <summary>The entry point; public so integration tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
