using System.Net;
using Tollgate.Upstream;

// The upstream every target of bench/load forwards to: `dotnet Tollgate.Upstream.dll --port N`, 127.0.0.1 only.
// Answers are fixed bytes with a Content-Length, so every proxy forwards the same response the same way.
var builder = WebApplication.CreateSlimBuilder(args);
var port = builder.Configuration.GetValue<int?>("port") is { } value and > 0 and < 65_536
    ? value
    : throw new InvalidOperationException("Usage: Tollgate.Upstream --port N (1 to 65535); it listens on 127.0.0.1 only.");
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

var app = builder.Build();
app.MapGet("/hello", UpstreamHandlers.HelloAsync);
app.MapPost("/echo", UpstreamHandlers.EchoAsync);
await app.RunAsync();
