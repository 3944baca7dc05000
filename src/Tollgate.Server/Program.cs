// appsettings.json ships beside the binary; relative data paths still start at the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseTollgateListenAddress();
builder.Services
    .AddTollgateProblems()
    .AddTollgateHttpJson()
    .AddTollgateSqliteStorage(builder.Configuration)
    .AddTollgateAuditApi()
    .AddTollgateHealth()
    .AddTollgateOpenApi();

var app = builder.Build();
app.UseTollgateProblems();
app.MapTollgateHealth();
app.MapTollgateSeedEventsApi();
app.MapTollgateAuditApi();
app.MapTollgateOpenApi();
app.Run();

/// <summary>The entry point; public so integration tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
