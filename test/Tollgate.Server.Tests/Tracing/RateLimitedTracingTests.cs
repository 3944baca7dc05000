using System.Net;
using Microsoft.Net.Http.Headers;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Gateway.Tracing;
using Tollgate.Server.Tests.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Tracing;

public sealed class RateLimitedTracingTests(RateLimitFactory factory) : IClassFixture<RateLimitFactory>
{
    [Fact]
    public async Task A_429_carries_both_headers_and_its_problem_names_the_request_id()
    {
        var key = await factory.CreateApiKeyAsync(Tenants.Default, [Scopes.Read]);
        using var client = IdentityApi.BearerClient(factory, key);

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 20 && limited is null; i++)
        {
            var response = await client.GetAsync(Api.Logs, TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            var problem = await ProblemAssert.IsAsync(limited, HttpStatusCode.TooManyRequests, "rate-limited");
            var requestId = Assert.Single(limited.Headers.GetValues(RequestIds.HeaderName));
            Assert.Equal(requestId, problem.GetProperty("request_id").GetString());
            Assert.Single(limited.Headers.GetValues(HeaderNames.TraceParent));
        }
    }
}
