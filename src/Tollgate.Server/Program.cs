using Tollgate.Pipeline.Transport;
using Tollgate.Server.Commands;
using Tollgate.Server.Topology;

// Before any regular expression exists: one without its own timeout (JSON Schema `pattern`s among them) gives up
// after a second instead of letting a hostile input pin a thread on catastrophic backtracking.
AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromSeconds(1));

if (TollgateCommandLine.IsCommand(args))
{
    return await TollgateCommandLine.RunAsync(args, Console.In, Console.Out, Console.Error);
}

// appsettings.json ships beside the binary; relative data paths still start at the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddTollgateConfigFile(args);
builder.UseTollgateListenAddress();

// The roles decide which services and endpoints exist at all, so they are read before anything is composed.
var roles = NodeRoles.FromConfiguration(builder.Configuration);
var transport = builder.Configuration.GetSection(PipelineOptions.SectionName).GetValue(nameof(PipelineOptions.Transport), PipelineTransport.InProcess);
builder.Services
    .AddTollgateTopology(roles, builder.Configuration)
    .AddTollgateRequestTracing()
    .AddTollgateProblems()
    .AddTollgateHttpJson()
    .AddTollgateStorage(builder.Configuration)
    .AddTollgatePipeline(builder.Configuration)
    .AddTollgateServerIdentity(builder.Configuration)
    .AddTollgateBootstrapAdmin()
    .AddTollgateAuditApi()
    .AddTollgateRequestsApi()
    .AddTollgateAnalyticsApi()
    .AddTollgateHealth()
    .AddTollgateOpenApi();
if (roles.Has(NodeRole.Gateway))
{
    builder.Services
        .AddTollgateGateway(builder.Configuration)
        .AddTollgateRequestCapture(builder.Configuration);
}

if (roles.Has(NodeRole.Collector) && transport == PipelineTransport.Redis)
{
    builder.Services.AddTollgateStreamCollectors();
}

var app = builder.Build();
app.UseTollgateRequestTracing();
if (roles.Has(NodeRole.Gateway))
{
    app.UseTollgateGateway();
}

app.UseTollgateProblems();
app.UseTollgateIdentity();
app.MapTollgateHealth();
if (roles.Has(NodeRole.Query) || roles.Has(NodeRole.Console))
{
    app.MapTollgateAuthApi();
}

if (roles.Has(NodeRole.Query))
{
    app.MapTollgateTenantsApi();
    app.MapTollgateUsersApi();
    app.MapTollgateApiKeysApi();
    app.MapTollgatePipelineApi();
}

app.MapTollgateSeedEventsApi();
app.MapTollgateAuditApi();
app.MapTollgateRequestsApi();
app.MapTollgateAnalyticsApi();
app.MapTollgateOpenApi();
if (roles.Has(NodeRole.Gateway))
{
    app.MapTollgateGateway();
}

await app.RunAsync();
return 0;

/// <summary>The entry point; public so integration tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
