using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Identity.Tokens;

namespace Tollgate.Identity.Tests.Tokens;

/// <summary>
/// A minimal app on real Kestrel with the JWT schemes and <c>/whoami/own</c>, <c>/whoami/&lt;issuer name&gt;</c> (one
/// scheme each) and <c>/whoami</c> (scheme picked by <see cref="JwtSchemeSelector"/>), answering the claims as JSON.
/// </summary>
public sealed class JwtTestServer : IAsyncDisposable
{
    public const string SelectingScheme = "Test.Select";

    private readonly WebApplication _app;

    private JwtTestServer(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<JwtTestServer> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(settings);
        configureServices?.Invoke(builder.Services);

        var externalNames = builder.Configuration.GetSection("Identity:Jwt:Issuers").GetChildren()
            .Select(issuer => issuer["Name"]!).ToList();
        builder.Services.AddAuthentication()
            .AddTollgateJwt(builder.Configuration)
            .AddPolicyScheme(SelectingScheme, null, options => options.ForwardDefaultSelector = context =>
            {
                var header = context.Request.Headers.Authorization.ToString();
                var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : header;
                return JwtSchemeSelector.SelectScheme(token, context.RequestServices.GetRequiredService<IOptions<JwtOptions>>().Value);
            });
        builder.Services.AddAuthorization(options =>
        {
            foreach (var scheme in externalNames.Select(JwtSchemes.External).Append(JwtSchemes.Own).Append(SelectingScheme))
            {
                options.AddPolicy(scheme, policy => policy.AddAuthenticationSchemes(scheme).RequireAuthenticatedUser());
            }
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/whoami/own", WhoAmI).RequireAuthorization(JwtSchemes.Own);
        foreach (var name in externalNames)
        {
            app.MapGet("/whoami/" + name, WhoAmI).RequireAuthorization(JwtSchemes.External(name));
        }

        app.MapGet("/whoami", WhoAmI).RequireAuthorization(SelectingScheme);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        return new JwtTestServer(app, client);
    }

    /// <summary>Calls <paramref name="path"/> with <paramref name="token"/> as the bearer token.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The claims <paramref name="path"/> sees for <paramref name="token"/>; fails the test unless the call answers 200.</summary>
    public async Task<WhoAmIResponse> WhoAmIAsync(string path, string token)
    {
        using var response = await GetAsync(path, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonSerializer.Deserialize<WhoAmIResponse>(json, JsonSerializerOptions.Web)!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }

    private static IResult WhoAmI(HttpContext context) => Results.Json(new WhoAmIResponse(
        context.User.Identity?.AuthenticationType,
        [.. context.User.Claims.Select(claim => new WhoAmIClaim(claim.Type, claim.Value))]));
}

public sealed record WhoAmIClaim(string Type, string Value);

public sealed record WhoAmIResponse(string? Scheme, IReadOnlyList<WhoAmIClaim> Claims)
{
    public IReadOnlyList<string> ValuesOf(string type) => [.. Claims.Where(claim => claim.Type == type).Select(claim => claim.Value)];

    public string? ValueOf(string type) => Assert.Single(ValuesOf(type));
}
