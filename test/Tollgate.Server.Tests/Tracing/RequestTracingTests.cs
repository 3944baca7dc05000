using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;
using Tollgate.Gateway.Tracing;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Tracing;

public sealed partial class RequestTracingTests(ThrowingEndpointFactory factory) : IClassFixture<ThrowingEndpointFactory>
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string ParentSpanId = "b7ad6b7169203331";

    [Fact]
    public async Task An_authenticated_audit_call_returns_the_callers_request_id_and_continues_its_trace()
    {
        var requestId = Api.Unique("audit");
        using var request = new HttpRequestMessage(HttpMethod.Post, Api.Logs) { Content = Api.Json(Api.Event("billing")) };
        request.Headers.Add(RequestIds.HeaderName, requestId);
        request.Headers.Add(HeaderNames.TraceParent, $"00-{TraceId}-{ParentSpanId}-01");

        using var response = await factory.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([requestId], response.Headers.GetValues(RequestIds.HeaderName));
        var (traceId, spanId, flags) = TraceParentOf(response);
        Assert.Equal((TraceId, "01"), (traceId, flags));
        Assert.NotEqual(ParentSpanId, spanId);
    }

    [Fact]
    public async Task A_call_without_ids_gets_a_generated_request_id_and_a_new_trace()
    {
        using var response = await factory.CreateClient().GetAsync(Api.Logs, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(GeneratedId(), Assert.Single(response.Headers.GetValues(RequestIds.HeaderName)));
        Assert.NotEqual(TraceId, TraceParentOf(response).TraceId);
    }

    [Fact]
    public async Task A_401_carries_both_headers_and_its_problem_names_the_request_id()
    {
        var requestId = Api.Unique("anonymous");
        using var request = new HttpRequestMessage(HttpMethod.Get, Api.Logs);
        request.Headers.Add(RequestIds.HeaderName, requestId);

        using var response = await factory.CreateAnonymousClient().SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal([requestId], response.Headers.GetValues(RequestIds.HeaderName));
        Assert.Equal(requestId, problem.GetProperty("request_id").GetString());
        Assert.Equal(Assert.Single(response.Headers.GetValues(HeaderNames.TraceParent)), problem.GetProperty("trace_id").GetString());
    }

    [Fact]
    public async Task A_404_of_an_unknown_route_carries_both_headers_and_the_request_id()
    {
        using var response = await factory.CreateClient().GetAsync("/no/such/route", TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
        var requestId = Assert.Single(response.Headers.GetValues(RequestIds.HeaderName));
        Assert.Equal(requestId, problem.GetProperty("request_id").GetString());
        TraceParentOf(response);
    }

    [Fact]
    public async Task A_500_carries_both_headers_and_its_log_line_the_request_id()
    {
        var requestId = Api.Unique("failure");
        using var request = new HttpRequestMessage(HttpMethod.Get, ThrowingEndpointFactory.ThrowPath);
        request.Headers.Add(RequestIds.HeaderName, requestId);
        request.Headers.Add(HeaderNames.TraceParent, $"00-{TraceId}-{ParentSpanId}-01");

        using var response = await factory.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.InternalServerError, "internal");
        Assert.Equal([requestId], response.Headers.GetValues(RequestIds.HeaderName));
        Assert.Equal(requestId, problem.GetProperty("request_id").GetString());
        Assert.Equal(TraceId, TraceParentOf(response).TraceId);
        Assert.Contains(factory.Logs.Entries, entry =>
            entry.Contains("A test-only failure.", StringComparison.Ordinal)
            && entry.Contains("RequestId=" + requestId, StringComparison.Ordinal)
            && entry.Contains("TraceId=" + TraceId, StringComparison.Ordinal));
    }

    private static (string TraceId, string SpanId, string Flags) TraceParentOf(HttpResponseMessage response)
    {
        var match = TraceParent().Match(Assert.Single(response.Headers.GetValues(HeaderNames.TraceParent)));
        Assert.True(match.Success);
        return (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
    }

    [GeneratedRegex("^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")]
    private static partial Regex TraceParent();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex GeneratedId();
}
