using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Identity;
using Tollgate.Identity.ApiKeys;
using Tollgate.Identity.Signing;
using Tollgate.Identity.Tokens;
using Tollgate.Storage.Sqlite;

namespace Tollgate.Benchmarks;

/// <summary>
/// What authenticating one request costs on the hot path, through the real authentication service and scheme
/// selection: an API key (cached after its first use, as in production) and a Tollgate session JWT; plus the HMAC
/// check of a signed request with a 1 KB body (body digest, string to sign, constant-time signature compare).
/// </summary>
[MemoryDiagnoser]
public class AuthenticationBenchmarks
{
    private const string Nonce = "bench-nonce-0123456789";
    private const string Target = "/api/v1/logs?source=bench";

    private readonly string directory = Path.Combine(Path.GetTempPath(), "tollgate-bench-auth-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider services = null!;
    private string apiKey = string.Empty;
    private string jwt = string.Empty;
    private byte[] body = [];
    private string signingSecret = string.Empty;
    private string signature = string.Empty;
    private long timestamp;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Directory.CreateDirectory(directory);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(directory, "bench.db"),
            ["Identity:MasterKeyFile"] = Path.Combine(directory, "master.key"),
        }).Build();
        services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddTollgateSqliteStorage(configuration)
            .AddTollgateIdentity(configuration)
            .BuildServiceProvider();
        await services.GetRequiredService<SqliteAuditEventStore>().InitializeAsync(CancellationToken.None);

        var created = await services.GetRequiredService<ApiKeyIssuer>().CreateAsync(
            Tenants.Default, "bench", [Scopes.Ingest, Scopes.Read], ApiKeySigning.Optional, expiresAt: null, "bench", CancellationToken.None);
        apiKey = created.Secret;
        signingSecret = created.SigningSecret!;
        var user = new User(Guid.CreateVersion7(), Tenants.Default, "bench@example.com", Role.Reader, "unused", Disabled: false, DateTimeOffset.UtcNow, LastLoginAt: null);
        jwt = services.GetRequiredService<AccessTokenIssuer>().Issue(user).Token;

        body = Encoding.UTF8.GetBytes("{\"payload\":\"" + new string('x', 1010) + "\"}");
        timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        signature = RequestSignature.Sign(signingSecret, RequestSignature.StringToSign("POST", Target, timestamp, Nonce, SHA256.HashData(body)));

        // Warm the caches, as a key in use is, and make sure each path really checks what it is given.
        if (!(await AuthenticateApiKey()).Succeeded || !(await AuthenticateJwt()).Succeeded || !VerifySignedBody())
        {
            throw new InvalidOperationException("The benchmark credentials do not authenticate.");
        }

        var valid = jwt;
        var signatureStart = valid.LastIndexOf('.') + 1;
        jwt = valid[..signatureStart] + (valid[signatureStart] == 'A' ? "B" : "A") + valid[(signatureStart + 1)..];
        var tampered = await AuthenticateJwt();
        jwt = valid;
        if (tampered.Succeeded)
        {
            throw new InvalidOperationException("A tampered token authenticated: the benchmark would not measure validation.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await services.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary><c>Authorization: Bearer tg_…</c>: SHA-256 of the key, cache hit, claims.</summary>
    [Benchmark]
    public Task<AuthenticateResult> AuthenticateApiKey() => AuthenticateAsync("Bearer " + apiKey);

    /// <summary><c>Authorization: Bearer &lt;jwt&gt;</c>: HS256 signature, lifetime, issuer and audience checks, claims.</summary>
    [Benchmark]
    public Task<AuthenticateResult> AuthenticateJwt() => AuthenticateAsync("Bearer " + jwt);

    /// <summary>One request's authentication in its own DI scope, as ASP.NET Core runs it (handlers live per request).</summary>
    private async Task<AuthenticateResult> AuthenticateAsync(string authorization)
    {
        await using var scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = authorization;
        return await scope.ServiceProvider.GetRequiredService<IAuthenticationService>().AuthenticateAsync(context, TollgateAuthenticationSchemes.Default);
    }

    /// <summary>HMAC request check of a 1 KB body: SHA-256 of the body, the string to sign, HMAC-SHA256, constant-time compare.</summary>
    [Benchmark]
    public bool VerifySignedBody()
    {
        var digest = SHA256.HashData(body);
        var stringToSign = RequestSignature.StringToSign("POST", Target, timestamp, Nonce, digest);
        return RequestSignature.Verify(signingSecret, stringToSign, signature);
    }
}
