using System.Diagnostics;
using Tollgate.Gateway.Tracing;

namespace Tollgate.Gateway.Tests.Tracing;

public sealed class LoggingScopeTests(TracingServer server) : IClassFixture<TracingServer>
{
    [Fact]
    public async Task Log_lines_of_a_request_carry_its_request_id_trace_id_and_span_id()
    {
        var requestId = "log-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.Add(RequestIds.HeaderName, requestId);

        var (response, echo) = await server.EchoAsync(request);
        response.Dispose();

        var line = Assert.Single(server.Logs.Entries, log => log.Message == "echo" && log.ScopeValues(RequestIdentity.ScopeKey).Contains(requestId));
        // The host's own scope has a RequestId too (Kestrel's connection-based id); the request's is the innermost.
        Assert.Equal(requestId, line.ScopeValues(RequestIdentity.ScopeKey)[^1]);
        // The host turned activity tracking off; AddTollgateRequestTracing turned trace and span ids back on.
        Assert.Equal([echo.TraceId], line.ScopeValues("TraceId"));
        Assert.Equal([echo.SpanId], line.ScopeValues("SpanId"));
    }

    [Fact]
    public void The_scope_is_the_request_id_alone_and_prints_as_one_for_text_formatters()
    {
        using var activity = new Activity("test").Start();
        var identity = new RequestIdentity("req-1", activity);

        Assert.Equal([KeyValuePair.Create(RequestIdentity.ScopeKey, (object?)"req-1")], identity);
        Assert.Equal("RequestId:req-1", identity.ToString());
    }
}
