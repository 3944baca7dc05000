using Microsoft.Net.Http.Headers;
using Tollgate.Gateway.Tracing;

namespace Tollgate.Gateway.Tests.Tracing;

public sealed class TraceContextTests(TracingServer server) : IClassFixture<TracingServer>
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string SpanId = "b7ad6b7169203331";
    private const string HostActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    public static TheoryData<string> MalformedTraceParents =>
    [
        "garbage",
        $"00-{TraceId}-{SpanId}",
        $"00-{TraceId.ToUpperInvariant()}-{SpanId}-01",
        $"00-00000000000000000000000000000000-{SpanId}-01",
        $"00-{TraceId}-0000000000000000-01",
        $"ff-{TraceId}-{SpanId}-01",
        $"00-{TraceId[..31]}g-{SpanId}-01",
        $"00-{TraceId}-{SpanId}-01-extra",
        $"00_{TraceId}_{SpanId}_01",
    ];

    [Theory]
    [InlineData("01")]
    [InlineData("00")]
    public async Task A_valid_traceparent_is_continued_with_a_new_span_and_its_flags_and_tracestate_kept(string flags)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.Add(HeaderNames.TraceParent, $"00-{TraceId}-{SpanId}-{flags}");
        request.Headers.Add(HeaderNames.TraceState, "congo=t61rcWkgMzE");

        var (response, echo) = await server.EchoAsync(request);
        using (response)
        {
            var returned = Assert.Single(response.Headers.GetValues(HeaderNames.TraceParent));
            var (traceId, spanId, returnedFlags) = TraceParentAssert.IsW3C(returned);
            Assert.Equal(TraceId, traceId);
            Assert.NotEqual(SpanId, spanId);
            Assert.Equal(flags, returnedFlags);
            Assert.Equal(SpanId, echo.ActivityParentSpanId);
            Assert.Equal("congo=t61rcWkgMzE", echo.ActivityTraceState);
            Assert.Equal((TraceId, spanId, returned), (echo.TraceId, echo.SpanId, echo.TraceParent));
            Assert.Equal(returned, echo.ActivityId);
            Assert.Equal(HostActivity, echo.ActivityOperationName);
        }
    }

    [Theory]
    [MemberData(nameof(MalformedTraceParents))]
    public async Task A_malformed_traceparent_starts_a_new_trace(string traceParent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.TryAddWithoutValidation(HeaderNames.TraceParent, traceParent);

        var (response, echo) = await server.EchoAsync(request);
        using (response)
        {
            var returned = Assert.Single(response.Headers.GetValues(HeaderNames.TraceParent));
            var (traceId, spanId, _) = TraceParentAssert.IsW3C(returned);
            Assert.NotEqual(TraceId, traceId);
            Assert.NotEqual(SpanId, spanId);
            Assert.Equal("0000000000000000", echo.ActivityParentSpanId);
            Assert.Equal(returned, echo.ActivityId);
        }
    }

    [Fact]
    public async Task A_traceparent_the_host_parses_as_hierarchical_gets_a_w3c_trace_from_the_middleware()
    {
        // A future version with extra fields: ASP.NET Core falls back to a hierarchical id for it.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.TryAddWithoutValidation(HeaderNames.TraceParent, $"01-{TraceId}-{SpanId}-01-future");

        var (response, echo) = await server.EchoAsync(request);
        using (response)
        {
            var (traceId, _, _) = TraceParentAssert.IsW3C(Assert.Single(response.Headers.GetValues(HeaderNames.TraceParent)));
            Assert.NotEqual(TraceId, traceId);
            Assert.Equal(RequestTracingMiddleware.ActivityName, echo.ActivityOperationName);
            Assert.Equal(echo.TraceParent, echo.ActivityId);
        }
    }

    [Fact]
    public async Task Without_a_traceparent_each_request_starts_its_own_trace()
    {
        var (first, firstEcho) = await server.EchoAsync(new HttpRequestMessage(HttpMethod.Get, "/echo"));
        var (second, secondEcho) = await server.EchoAsync(new HttpRequestMessage(HttpMethod.Get, "/echo"));
        using (first)
        using (second)
        {
            var (firstTrace, _, _) = TraceParentAssert.IsW3C(Assert.Single(first.Headers.GetValues(HeaderNames.TraceParent)));
            var (secondTrace, _, _) = TraceParentAssert.IsW3C(Assert.Single(second.Headers.GetValues(HeaderNames.TraceParent)));
            Assert.NotEqual(firstTrace, secondTrace);
            Assert.Equal((firstTrace, secondTrace), (firstEcho.TraceId, secondEcho.TraceId));
        }
    }

    [Fact]
    public async Task Requests_of_one_trace_keep_their_own_request_ids()
    {
        using var firstRequest = new HttpRequestMessage(HttpMethod.Get, "/echo");
        using var secondRequest = new HttpRequestMessage(HttpMethod.Get, "/echo");
        firstRequest.Headers.Add(HeaderNames.TraceParent, $"00-{TraceId}-{SpanId}-01");
        secondRequest.Headers.Add(HeaderNames.TraceParent, $"00-{TraceId}-{SpanId}-01");

        var (first, firstEcho) = await server.EchoAsync(firstRequest);
        var (second, secondEcho) = await server.EchoAsync(secondRequest);
        using (first)
        using (second)
        {
            Assert.Equal(firstEcho.TraceId, secondEcho.TraceId);
            Assert.NotEqual(firstEcho.RequestId, secondEcho.RequestId);
        }
    }
}
