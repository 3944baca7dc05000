using System.Net;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

// The baseline of bench/load: `dotnet Tollgate.BareYarp.dll --port N --upstream http://127.0.0.1:M/`.
// The same route shape as the Tollgate and nginx targets (/svc/... forwarded as /...), YARP's defaults otherwise.
var builder = WebApplication.CreateSlimBuilder(args);
var port = builder.Configuration.GetValue<int?>("port") is { } value and > 0 and < 65_536
    ? value
    : throw new InvalidOperationException("Usage: Tollgate.BareYarp --port N --upstream URL; --port must be 1 to 65535.");
var upstream = builder.Configuration["upstream"] is { Length: > 0 } address && Uri.TryCreate(address, UriKind.Absolute, out _)
    ? address
    : throw new InvalidOperationException("Usage: Tollgate.BareYarp --port N --upstream URL; --upstream must be an absolute URL.");
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

RouteConfig[] routes =
[
    new RouteConfig
    {
        RouteId = "svc",
        ClusterId = "upstream",
        Match = new RouteMatch { Path = "/svc/{**rest}" },
    }.WithTransformPathRemovePrefix("/svc"),
];
ClusterConfig[] clusters =
[
    new ClusterConfig
    {
        ClusterId = "upstream",
        Destinations = new Dictionary<string, DestinationConfig> { ["d1"] = new() { Address = upstream } },
    },
];
builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);

var app = builder.Build();
app.MapReverseProxy();
await app.RunAsync();
