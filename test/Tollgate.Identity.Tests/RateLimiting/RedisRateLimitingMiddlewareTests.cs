using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Identity.RateLimiting;
using Tollgate.Redis;

namespace Tollgate.Identity.Tests.RateLimiting;

/// <summary>ASP.NET Core's rate-limiting middleware on real Kestrel, two "nodes" drawing from one Redis bucket.</summary>
public sealed class RedisRateLimitingMiddlewareTests
{
    private const int Burst = 3;

    [Fact]
    public async Task Each_request_takes_one_token_across_nodes_and_the_refusal_says_when_to_retry()
    {
        var prefix = RedisTestNodes.NewPrefix();
        await using var first = await StartNodeAsync(prefix);
        await using var second = await StartNodeAsync(prefix);
        var cancellation = TestContext.Current.CancellationToken;

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i <= Burst; i++)
        {
            var response = await (i % 2 == 0 ? first : second).Client.GetAsync("/limited", cancellation);
            statuses.Add(response.StatusCode);
            refused = response;
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, Burst), HttpStatusCode.TooManyRequests], statuses);
        Assert.True(int.Parse(refused!.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) > 0);
    }

    private static async Task<Node> StartNodeAsync(string prefix)
    {
        var connection = RedisTestNodes.Connect(prefix);
        var buckets = RedisTestNodes.Buckets(connection);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy("shared", _ => RateLimitPartition.Get("caller", key =>
                new RedisTokenBucketRateLimiter(buckets, connection.Key("rl:" + key), 0.001, Burst)));
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
        });

        var app = builder.Build();
        app.UseRateLimiter();
        app.MapGet("/limited", () => "ok").RequireRateLimiting("shared");
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new Node(app, connection, new HttpClient { BaseAddress = new Uri(app.Urls.Single()) });
    }

    private sealed class Node(WebApplication app, RedisConnection connection, HttpClient client) : IAsyncDisposable
    {
        public HttpClient Client { get; } = client;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
