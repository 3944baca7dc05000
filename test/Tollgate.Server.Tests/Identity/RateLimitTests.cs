using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

public sealed class RateLimitTests(RateLimitFactory factory) : IClassFixture<RateLimitFactory>
{
    private const int Requests = 10;

    [Fact]
    public async Task Exceeding_the_quota_answers_429_rate_limited_with_retry_after()
    {
        var key = await factory.CreateApiKeyAsync(Tenants.Default, [Scopes.Read, Scopes.Ingest]);
        using var client = IdentityApi.BearerClient(factory, key);

        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        var (statuses, firstLimited) = await BurstAsync(client);
        var refills = (int)Math.Ceiling(elapsed.Elapsed.TotalSeconds);
        Assert.NotNull(firstLimited);
        using var limited = firstLimited;

        // The burst of 2, plus the one token per second refilled while the requests ran.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(2));
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 2, 2 + refills);
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        await ProblemAssert.IsAsync(limited, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.InRange(limited.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        // Other policies keep their own buckets.
        using var write = await Api.PostAsync(client, Api.Logs, Api.Event("svc"));
        Assert.Equal(HttpStatusCode.Created, write.StatusCode);
    }

    [Fact]
    public async Task Each_key_has_its_own_bucket()
    {
        var first = await factory.CreateApiKeyAsync(Tenants.Default, [Scopes.Read]);
        var second = await factory.CreateApiKeyAsync(Tenants.Default, [Scopes.Read]);
        using var firstClient = IdentityApi.BearerClient(factory, first);
        using var secondClient = IdentityApi.BearerClient(factory, second);

        var (firstStatuses, limited) = await BurstAsync(firstClient);
        limited?.Dispose();
        using var secondResponse = await secondClient.GetAsync(Api.Logs, TestContext.Current.CancellationToken);

        Assert.Contains(HttpStatusCode.TooManyRequests, firstStatuses);
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
    }

    [Fact]
    public async Task Tenant_override_gives_a_bigger_quota()
    {
        var store = factory.Services.GetRequiredService<IIdentityStore>();
        await store.CreateTenantAsync(new Tenant(RateLimitFactory.RoomyTenant, "Roomy", Disabled: false, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);
        var roomy = await factory.CreateApiKeyAsync(RateLimitFactory.RoomyTenant, [Scopes.Read]);
        var cramped = await factory.CreateApiKeyAsync(Tenants.Default, [Scopes.Read]);

        var (roomyStatuses, roomyLimited) = await BurstAsync(IdentityApi.BearerClient(factory, roomy));
        var (crampedStatuses, crampedLimited) = await BurstAsync(IdentityApi.BearerClient(factory, cramped));
        roomyLimited?.Dispose();
        crampedLimited?.Dispose();

        Assert.All(roomyStatuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Contains(HttpStatusCode.TooManyRequests, crampedStatuses);
    }

    /// <summary>Sends <see cref="Requests"/> queries at once; returns their statuses and the first 429 response, if any.</summary>
    private static async Task<(List<HttpStatusCode> Statuses, HttpResponseMessage? FirstLimited)> BurstAsync(HttpClient client)
    {
        var statuses = new List<HttpStatusCode>(Requests);
        HttpResponseMessage? firstLimited = null;
        for (var i = 0; i < Requests; i++)
        {
            var response = await client.GetAsync(Api.Logs, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            if (firstLimited is null && response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                firstLimited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        return (statuses, firstLimited);
    }
}
