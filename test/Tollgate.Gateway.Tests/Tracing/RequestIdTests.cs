using System.Net;
using Tollgate.Gateway.Tracing;

namespace Tollgate.Gateway.Tests.Tracing;

public sealed class RequestIdTests(TracingServer server) : IClassFixture<TracingServer>
{
    public static TheoryData<string, string> InvalidHeaders => new()
    {
        { "empty", "X-Request-ID: \r\n" },
        { "129 characters", $"X-Request-ID: {new string('a', 129)}\r\n" },
        { "spaces", "X-Request-ID: bad value\r\n" },
        { "comma", "X-Request-ID: one,two\r\n" },
        { "markup", "X-Request-ID: <script>\r\n" },
        { "non-ASCII", "X-Request-ID: abé\r\n" },
        { "two header lines", "X-Request-ID: first\r\nX-Request-ID: second\r\n" },
    };

    [Theory]
    [InlineData("client-123")]
    [InlineData("A_b.C:d-9")]
    [InlineData("0190f1b2-7c3a-7def-8123-456789abcdef")]
    public async Task A_valid_request_id_is_the_requests_id_and_is_echoed(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.Add(RequestIds.HeaderName, id);

        var (response, echo) = await server.EchoAsync(request);
        using (response)
        {
            Assert.Equal([id], response.Headers.GetValues(RequestIds.HeaderName));
            Assert.Equal(id, echo.RequestId);
            Assert.Equal(id, echo.TraceIdentifier);
        }
    }

    [Fact]
    public async Task The_longest_valid_id_is_echoed()
    {
        var id = new string('x', RequestIds.MaxLength);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.Add(RequestIds.HeaderName, id);

        var (response, _) = await server.EchoAsync(request);
        using (response)
        {
            Assert.Equal([id], response.Headers.GetValues(RequestIds.HeaderName));
        }
    }

    [Fact]
    public async Task Without_a_request_id_one_is_generated_and_returned()
    {
        var (response, echo) = await server.EchoAsync(new HttpRequestMessage(HttpMethod.Get, "/echo"));
        using (response)
        {
            var returned = Assert.Single(response.Headers.GetValues(RequestIds.HeaderName));
            TraceParentAssert.IsGeneratedRequestId(returned);
            Assert.Equal(returned, echo.RequestId);
            Assert.Equal(returned, echo.TraceIdentifier);
        }
    }

    [Theory]
    [MemberData(nameof(InvalidHeaders))]
    public async Task An_invalid_request_id_is_replaced_by_a_generated_one_and_never_echoed(string reason, string headerLines)
    {
        var response = await RawHttp.GetAsync(server.Address, "/echo", headerLines);

        Assert.True(response.Status == 200, reason);
        var returned = Assert.Single(response.Values(RequestIds.HeaderName));
        TraceParentAssert.IsGeneratedRequestId(returned);
        Assert.DoesNotContain(returned, headerLines, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replaced_request_id_is_logged_at_debug_without_the_value_sent()
    {
        const string sent = "not valid!";

        var response = await RawHttp.GetAsync(server.Address, "/echo", $"X-Request-ID: {sent}\r\n");

        var generated = Assert.Single(response.Values(RequestIds.HeaderName));
        var entry = Assert.Single(server.Logs.Entries, log => log.EventId == 4000 && log.Message.Contains(generated, StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, entry.Level);
        Assert.DoesNotContain(server.Logs.Entries, log => log.Message.Contains(sent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generated_request_ids_are_unique()
    {
        using var client = server.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.GetAsync("/echo", TestContext.Current.CancellationToken)));

        var ids = responses.Select(response => Assert.Single(response.Headers.GetValues(RequestIds.HeaderName))).ToList();
        Assert.All(ids, TraceParentAssert.IsGeneratedRequestId);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_crlf_in_a_raw_request_ends_the_header_line_and_injects_nothing_into_the_response()
    {
        var response = await RawHttp.GetAsync(server.Address, "/echo", "X-Request-ID: abc\r\nX-Evil: 1\r\n");

        Assert.Equal(200, response.Status);
        Assert.Equal(["abc"], response.Values(RequestIds.HeaderName));
        Assert.Empty(response.Values("X-Evil"));
    }

    [Theory]
    [InlineData("bare CR", "X-Request-ID: abc\rX-Evil: 1\r\n")]
    [InlineData("folded line", "X-Request-ID: abc\r\n X-Evil: 1\r\n")]
    public async Task Kestrel_refuses_ids_it_cannot_parse_before_the_middleware_sees_them(string reason, string headerLines)
    {
        var response = await RawHttp.GetAsync(server.Address, "/echo", headerLines);

        Assert.True(response.Status == (int)HttpStatusCode.BadRequest, reason);
        Assert.Empty(response.Values(RequestIds.HeaderName));
        Assert.Empty(response.Values("X-Evil"));
    }
}
