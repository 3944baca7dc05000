using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Requests;

public sealed class ListTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    private const string Always = "from=1970-01-01T00:00:00Z";

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Each_filter_selects_only_matching_requests()
    {
        var service = Api.Unique("svc");
        var other = Api.Unique("svc");
        var trace = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        JsonObject Make(string method, string path, int status, string route, string requestId, string traceId, string principal, string? of = null)
        {
            var record = RequestsHttp.Record(of ?? service, method: method, path: path, status: status);
            record["route"] = route;
            record["request_id"] = requestId;
            record["trace_id"] = traceId;
            record["principal"] = principal;
            return record;
        }

        var ids = await RequestsHttp.ReportAsync(client,
        [
            Make("GET", "/orders/1", 200, "orders", "req-1", "4bf92f3577b34da6a3ce929d0e0e4736", "key:a"),
            Make("POST", "/orders", 201, "orders", "req-2", "4bf92f3577b34da6a3ce929d0e0e4736", "key:b"),
            Make("GET", "/users/1", 404, "users", "req-3", trace, "key:a"),
            Make("DELETE", "/Orders/2", 500, "orders", "req-4", trace, "key:a"),
            Make("GET", "/orders/3", 503, "orders", "req-5", trace, "key:a", of: other),
        ]);

        await AssertFoundAsync(ids, $"service={service}", 0, 1, 2, 3);
        await AssertFoundAsync(ids, $"service={other}", 4);
        await AssertFoundAsync(ids, $"service={service}&route=orders", 0, 1, 3);
        await AssertFoundAsync(ids, $"service={service}&method=GET", 0, 2);
        await AssertFoundAsync(ids, $"service={service}&method=get", 0, 2);
        await AssertFoundAsync(ids, $"service={service}&status=404", 2);
        await AssertFoundAsync(ids, $"service={service}&path_prefix=/orders", 0, 1);
        await AssertFoundAsync(ids, $"service={service}&path_prefix=/Orders", 3);
        await AssertFoundAsync(ids, $"service={service}&request_id=req-2", 1);
        await AssertFoundAsync(ids, $"service={service}&trace_id=4bf92f3577b34da6a3ce929d0e0e4736", 0, 1);
        await AssertFoundAsync(ids, $"service={service}&trace_id=4BF92F3577B34DA6A3CE929D0E0E4736", 0, 1);
        await AssertFoundAsync(ids, $"service={service}&principal=key:b", 1);
        await AssertFoundAsync(ids, $"trace_id={trace}", 2, 3, 4);
        await AssertFoundAsync(ids, $"service={service}&method=GET&route=orders&principal=key:a", 0);
        await AssertFoundAsync(ids, $"service={service}&request_id=req-5");
    }

    [Theory]
    [InlineData("200", new[] { 200 })]
    [InlineData("500-503", new[] { 500, 503 })]
    [InlineData("404-404", new[] { 404 })]
    [InlineData("5xx", new[] { 500, 503, 599 })]
    [InlineData("4XX", new[] { 400, 404, 499 })]
    [InlineData("1xx", new[] { 101 })]
    [InlineData("100-599", new[] { 101, 200, 302, 400, 404, 499, 500, 503, 599 })]
    public async Task Status_takes_a_code_a_range_or_a_class(string status, int[] expected)
    {
        var service = Api.Unique("svc");
        int[] statuses = [101, 200, 302, 400, 404, 499, 500, 503, 599];
        await RequestsHttp.ReportAsync(client, statuses.Select(s => (JsonNode)RequestsHttp.Record(service, status: s)));

        var found = await RequestsHttp.ListAsync(client, $"{Always}&service={service}&status={status}");

        Assert.Equal(expected, found.Select(r => r.GetProperty("status_code").GetInt32()).Order());
    }

    [Fact]
    public async Task Time_range_includes_from_and_excludes_to()
    {
        var service = Api.Unique("svc");
        await RequestsHttp.ReportAsync(client,
        [
            RequestsHttp.Record(service, timestamp: "2024-05-01T10:00:00Z"),
            RequestsHttp.Record(service, timestamp: "2024-05-01T11:00:00Z"),
            RequestsHttp.Record(service, timestamp: "2024-05-01T12:00:00Z"),
        ]);

        var between = await RequestsHttp.ListAsync(client, $"service={service}&from=2024-05-01T10:00:00Z&to=2024-05-01T12:00:00Z");
        var untilTo = await RequestsHttp.ListAsync(client, $"service={service}&to=2024-05-01T11:00:00Z");

        Assert.Equal(["2024-05-01T11:00:00.000000Z", "2024-05-01T10:00:00.000000Z"], between.Select(r => r.GetProperty("timestamp").GetString()));
        Assert.Equal(["2024-05-01T10:00:00.000000Z"], untilTo.Select(r => r.GetProperty("timestamp").GetString()));
    }

    [Fact]
    public async Task Pages_cover_every_request_once_when_timestamps_are_equal()
    {
        var service = Api.Unique("svc");
        var ids = await RequestsHttp.ReportAsync(client, Enumerable.Range(0, 25).Select(_ => (JsonNode)RequestsHttp.Record(service, timestamp: "2024-05-01T10:00:00.123456Z")));
        await RequestsHttp.ReportOneAsync(client, RequestsHttp.Record(service, timestamp: "2024-05-01T09:00:00Z"));

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await RequestsHttp.PageAsync(client, $"{Always}&service={service}&limit=10{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(26, seen.Count);
        Assert.Equal(ids.Order(), seen.Take(25).Order());
        Assert.Equal(26, seen.Distinct().Count());
    }

    [Fact]
    public async Task Last_page_has_no_next_cursor()
    {
        var service = Api.Unique("svc");
        await RequestsHttp.ReportAsync(client, [RequestsHttp.Record(service), RequestsHttp.Record(service)]);

        var full = await RequestsHttp.PageAsync(client, $"{Always}&service={service}&limit=2");
        var partial = await RequestsHttp.PageAsync(client, $"{Always}&service={service}&limit=3");
        var first = await RequestsHttp.PageAsync(client, $"{Always}&service={service}&limit=1");

        Assert.Equal(JsonValueKind.Null, partial.GetProperty("next_cursor").ValueKind);
        Assert.Equal(2, partial.GetProperty("requests").GetArrayLength());
        Assert.Equal(JsonValueKind.String, first.GetProperty("next_cursor").ValueKind);
        var rest = await RequestsHttp.PageAsync(client, $"{Always}&service={service}&limit=1&cursor={first.GetProperty("next_cursor").GetString()}");
        Assert.Equal(full.GetProperty("requests")[1].GetProperty("id").GetString(), rest.GetProperty("requests")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Limit_caps_the_page_and_defaults_to_100()
    {
        var service = Api.Unique("svc");
        await RequestsHttp.ReportAsync(client, Enumerable.Range(0, 101).Select(_ => (JsonNode)RequestsHttp.Record(service)));

        Assert.Equal(100, (await RequestsHttp.ListAsync(client, $"{Always}&service={service}")).Count);
        Assert.Single(await RequestsHttp.ListAsync(client, $"{Always}&service={service}&limit=1"));
        Assert.Equal(101, (await RequestsHttp.ListAsync(client, $"{Always}&service={service}&limit=1000")).Count);
    }

    [Fact]
    public async Task Listed_requests_carry_the_seed_004_members_and_no_detail()
    {
        var service = Api.Unique("svc");
        var record = RequestsHttp.Record(service, timestamp: "2024-05-01T10:00:00.5Z", method: "PUT", path: "/items/7", status: 204, latencyMs: 3);
        record["client_ip"] = "203.0.113.7";
        record["user_agent"] = "seed-client/1.0";
        record["request_headers"] = new JsonArray(new JsonObject { ["name"] = "Accept", ["value"] = "*/*" });
        record["request_body"] = new JsonObject { ["text"] = "{}" };
        await RequestsHttp.ReportOneAsync(client, record);

        var listed = Assert.Single(await RequestsHttp.ListAsync(client, $"{Always}&service={service}"));

        Assert.Equal("/items/7", listed.GetProperty("endpoint").GetString());
        Assert.Equal("PUT", listed.GetProperty("method").GetString());
        Assert.Equal(204, listed.GetProperty("status_code").GetInt32());
        Assert.Equal(JsonValueKind.Number, listed.GetProperty("latency_ms").ValueKind);
        Assert.Equal(3.0, listed.GetProperty("latency_ms").GetDouble());
        Assert.Equal("2024-05-01T10:00:00.500000Z", listed.GetProperty("timestamp").GetString());
        Assert.Equal("203.0.113.7", listed.GetProperty("ip_address").GetString());
        Assert.Equal("seed-client/1.0", listed.GetProperty("user_agent").GetString());
        Assert.False(listed.TryGetProperty("request_headers", out _));
        Assert.False(listed.TryGetProperty("request_body", out _));
    }

    public static TheoryData<string, string> BadParameters => new()
    {
        { "hours=0", "hours" },
        { "hours=8785", "hours" },
        { "hours=-1", "hours" },
        { "hours=1.5", "hours" },
        { "limit=0", "limit" },
        { "limit=1001", "limit" },
        { "limit=ten", "limit" },
        { "limit=99999999999", "limit" },
        { "cursor=bm90LWEtY3Vyc29y", "cursor" },
        { "cursor=!!", "cursor" },
        { "status=600", "status" },
        { "status=99", "status" },
        { "status=5x", "status" },
        { "status=6xx", "status" },
        { "status=0xx", "status" },
        { "status=599-500", "status" },
        { "status=500-600", "status" },
        { "status=500-", "status" },
        { "status=abc", "status" },
        { "from=yesterday", "from" },
        { "to=2024-13-01T00:00:00Z", "to" },
        { "from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z", "to" },
        { "from=2024-05-01T00:00:00Z&to=2024-05-01T00:00:00Z", "to" },
        { "hours=2&from=2024-05-01T00:00:00Z", "hours" },
        { "hours=2&to=2024-05-01T00:00:00Z", "hours" },
        { "method=GE%20T", "method" },
        { "method=PROPFINDPROPFINDX", "method" },
        { "trace_id=xyz", "trace_id" },
        { "trace_id=00000000000000000000000000000000", "trace_id" },
        { $"service={new string('s', 129)}", "service" },
        { $"route={new string('r', 129)}", "route" },
        { $"path_prefix=/{new string('p', 2048)}", "path_prefix" },
        { $"request_id={new string('r', 129)}", "request_id" },
        { $"principal={new string('p', 257)}", "principal" },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public async Task Bad_parameter_answers_400_naming_it(string query, string parameter)
    {
        using var response = await client.GetAsync($"{RequestsHttp.List}?{query}", TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-query-parameter");
        Assert.Equal([(null, parameter)], ProblemAssert.Errors(problem));
        Assert.Contains($"\"{parameter}\"", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bad_parameter_is_named_in_one_answer()
    {
        using var response = await client.GetAsync($"{RequestsHttp.List}?limit=0&hours=0&status=x&cursor=x", TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-query-parameter");
        Assert.Equal(["cursor", "hours", "limit", "status"], ProblemAssert.Errors(problem).Select(e => e.Field).Order());
    }

    [Theory]
    [InlineData("hours=1")]
    [InlineData("hours=8784")]
    [InlineData("limit=1")]
    [InlineData("limit=1000")]
    [InlineData("status=100")]
    [InlineData("status=599")]
    [InlineData("from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z")]
    [InlineData("hours=&from=&to=&limit=&status=&cursor=")]
    public async Task Parameters_at_their_bounds_are_accepted(string query)
    {
        using var response = await client.GetAsync($"{RequestsHttp.List}?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("0192f0c1-7a3b-7def-8123-456789abcdef")]
    public async Task Unknown_or_malformed_id_is_not_found(string id)
    {
        using var response = await client.GetAsync($"{RequestsHttp.List}/{id}", TestContext.Current.CancellationToken);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    private async Task AssertFoundAsync(List<string> ids, string query, params int[] expected)
    {
        var found = await RequestsHttp.ListAsync(client, $"{Always}&{query}");
        Assert.Equal(expected.Select(i => ids[i]).Order(), found.Select(r => r.GetProperty("id").GetString()!).Order());
    }
}
