using Microsoft.Net.Http.Headers;
using Tollgate.Gateway.Tracing;

namespace Tollgate.Gateway.Tests.Tracing;

public sealed class NoHostActivityTests(NoHostActivityServer server) : IClassFixture<NoHostActivityServer>
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string SpanId = "b7ad6b7169203331";

    [Theory]
    [InlineData("01")]
    [InlineData("00")]
    public async Task The_middlewares_own_activity_continues_a_valid_traceparent(string flags)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.Add(HeaderNames.TraceParent, $"00-{TraceId}-{SpanId}-{flags}");
        request.Headers.Add(HeaderNames.TraceState, "rojo=00f067aa0ba902b7");

        var (response, echo) = await server.EchoAsync(request);
        using (response)
        {
            var returned = Assert.Single(response.Headers.GetValues(HeaderNames.TraceParent));
            var (traceId, spanId, returnedFlags) = TraceParentAssert.IsW3C(returned);
            Assert.Equal(RequestTracingMiddleware.ActivityName, echo.ActivityOperationName);
            Assert.Equal((TraceId, flags), (traceId, returnedFlags));
            Assert.NotEqual(SpanId, spanId);
            Assert.Equal(SpanId, echo.ActivityParentSpanId);
            Assert.Equal("rojo=00f067aa0ba902b7", echo.ActivityTraceState);
            Assert.Equal(returned, echo.ActivityId);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("garbage")]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01")]
    public async Task The_middlewares_own_activity_starts_a_new_trace_without_a_valid_traceparent(string? traceParent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        if (traceParent is not null)
        {
            request.Headers.TryAddWithoutValidation(HeaderNames.TraceParent, traceParent);
        }

        var (response, echo) = await server.EchoAsync(request);
        using (response)
        {
            var returned = Assert.Single(response.Headers.GetValues(HeaderNames.TraceParent));
            var (traceId, _, _) = TraceParentAssert.IsW3C(returned);
            Assert.Equal(RequestTracingMiddleware.ActivityName, echo.ActivityOperationName);
            Assert.NotEqual(TraceId, traceId);
            Assert.Equal("0000000000000000", echo.ActivityParentSpanId);
            Assert.Equal(returned, echo.ActivityId);
        }
    }

    [Fact]
    public async Task Log_lines_carry_the_trace_id_of_the_middlewares_own_activity()
    {
        var requestId = "own-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.Add(RequestIds.HeaderName, requestId);

        var (response, echo) = await server.EchoAsync(request);
        response.Dispose();

        var line = Assert.Single(server.Logs.Entries, log => log.Message == "echo" && log.ScopeValues(RequestIdentity.ScopeKey).Contains(requestId));
        Assert.Equal([echo.TraceId], line.ScopeValues("TraceId"));
    }

    [Fact]
    public async Task A_500_carries_the_headers_without_a_host_activity_too()
    {
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/throw", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        TraceParentAssert.IsGeneratedRequestId(Assert.Single(response.Headers.GetValues(RequestIds.HeaderName)));
        TraceParentAssert.IsW3C(Assert.Single(response.Headers.GetValues(HeaderNames.TraceParent)));
    }
}
