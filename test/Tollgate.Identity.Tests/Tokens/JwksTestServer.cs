using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tollgate.Identity.Tests.Tokens;

/// <summary>A stand-in identity provider on real Kestrel: serves a JWKS document the test can replace, and counts fetches.</summary>
public sealed class JwksTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private string _document = """{"keys":[]}""";
    private int _fetches;

    private JwksTestServer(WebApplication app) => _app = app;

    public string JwksUrl => _app.Urls.Single() + "/jwks";

    /// <summary>A key set larger than the 64 KiB Tollgate accepts.</summary>
    public string OversizedJwksUrl => _app.Urls.Single() + "/big";

    public string Document
    {
        get => Volatile.Read(ref _document);
        set => Volatile.Write(ref _document, value);
    }

    public int Fetches => Volatile.Read(ref _fetches);

    public static async Task<JwksTestServer> StartAsync(string document)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new JwksTestServer(app) { Document = document };
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref server._fetches);
            return Results.Text(server.Document, "application/json");
        });
        app.MapGet("/big", () =>
        {
            Interlocked.Increment(ref server._fetches);
            return Results.Text(server.Document.Replace("\"keys\"", "\"padding\":\"" + new string('x', 70_000) + "\",\"keys\"", StringComparison.Ordinal), "application/json");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return server;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
