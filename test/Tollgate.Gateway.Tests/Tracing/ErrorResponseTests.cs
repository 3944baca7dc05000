using System.Net;
using Microsoft.Net.Http.Headers;
using Tollgate.Gateway.Tracing;

namespace Tollgate.Gateway.Tests.Tracing;

public sealed class ErrorResponseTests(TracingServer server) : IClassFixture<TracingServer>
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    [Theory]
    [InlineData("/no-such-route", HttpStatusCode.NotFound)]
    [InlineData("/throw", HttpStatusCode.InternalServerError)]
    [InlineData("/empty", HttpStatusCode.NoContent)]
    public async Task Every_response_carries_the_request_id_and_traceparent(string path, HttpStatusCode status)
    {
        var requestId = "err-" + Guid.NewGuid().ToString("N");
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(RequestIds.HeaderName, requestId);
        request.Headers.Add(HeaderNames.TraceParent, $"00-{TraceId}-00f067aa0ba902b7-01");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal([requestId], response.Headers.GetValues(RequestIds.HeaderName));
        var (traceId, _, _) = TraceParentAssert.IsW3C(Assert.Single(response.Headers.GetValues(HeaderNames.TraceParent)));
        Assert.Equal(TraceId, traceId);
    }

    [Fact]
    public async Task The_exception_handlers_log_of_a_500_carries_the_request_id()
    {
        var requestId = "boom-" + Guid.NewGuid().ToString("N");
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/throw");
        request.Headers.Add(RequestIds.HeaderName, requestId);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(server.Logs.Entries, log =>
            log.Level == Microsoft.Extensions.Logging.LogLevel.Error && log.ScopeValues(RequestIdentity.ScopeKey).Contains(requestId));
    }
}
