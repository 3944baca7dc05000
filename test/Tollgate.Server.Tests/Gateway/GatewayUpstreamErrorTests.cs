using System.Net;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Gateway;

public sealed class GatewayUpstreamErrorTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unreachable_upstream_answers_502_problem_with_the_request_id_and_is_recorded()
    {
        var requestId = "down-" + Guid.NewGuid().ToString("N");
        using var client = gateway.Factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/down/hello");
        request.Headers.Add("X-Request-ID", requestId);
        var response = await client.SendAsync(request, Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadGateway, "upstream-unavailable");
        Assert.Equal(requestId, problem.GetProperty("request_id").GetString());
        Assert.Contains("down", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var record = await gateway.CapturedAsync(requestId);
        Assert.Equal(502, record.Status);
        Assert.Equal("down", record.Service);
        Assert.NotNull(record.Error);
        Assert.Contains("Request", record.Error, StringComparison.Ordinal);
        Assert.NotNull(record.UpstreamDurationMicroseconds);
    }

    [Fact]
    public async Task An_upstream_slower_than_the_timeout_answers_504_problem_and_is_recorded()
    {
        var requestId = "slow-" + Guid.NewGuid().ToString("N");
        using var client = gateway.Factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/slow/slow?ms=5000");
        request.Headers.Add("X-Request-ID", requestId);
        var response = await client.SendAsync(request, Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.GatewayTimeout, "upstream-timeout");
        Assert.Equal(requestId, problem.GetProperty("request_id").GetString());

        var record = await gateway.CapturedAsync(requestId);
        Assert.Equal(504, record.Status);
        Assert.Contains("RequestTimedOut", record.Error, StringComparison.Ordinal);
        Assert.NotNull(record.UpstreamDurationMicroseconds);
    }

    [Fact]
    public async Task Upstream_error_statuses_pass_through_as_they_are()
    {
        using var client = gateway.Factory.CreateAnonymousClient();
        var response = await client.GetAsync("/open/status/503", Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
