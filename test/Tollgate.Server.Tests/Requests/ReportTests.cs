using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Requests;

public sealed class ReportTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Reported_request_reads_back_member_by_member()
    {
        var service = Api.Unique("svc");
        var record = new JsonObject
        {
            ["id"] = "0192f0c1-7a3b-7def-8123-456789abcdef",
            ["timestamp"] = "2024-05-01T12:34:56.123456789+02:00",
            ["service"] = service,
            ["route"] = "orders-route",
            ["method"] = "post",
            ["route_template"] = "/orders/{id}",
            ["path"] = "/orders/42",
            ["query"] = "expand=items&page=2",
            ["status"] = 502,
            ["latency_ms"] = 12.3456,
            ["upstream_latency_ms"] = 10.5,
            ["request_bytes"] = 120,
            ["response_bytes"] = 3456789012,
            ["client_ip"] = "2001:DB8::7",
            ["user_agent"] = "curl/8.5.0",
            ["principal"] = "user:ada",
            ["request_id"] = "checkout-7f3a",
            ["trace_id"] = "4bf92f3577b34da6a3ce929d0e0e4736",
            ["span_id"] = "00f067aa0ba902b7",
            ["error"] = "upstream-error: connection reset\nafter 3 retries",
            ["request_headers"] = new JsonArray(
                new JsonObject { ["name"] = "Accept", ["value"] = "application/json" },
                new JsonObject { ["name"] = "X-Tag", ["value"] = "a" },
                new JsonObject { ["name"] = "accept", ["value"] = "" },
                new JsonObject { ["name"] = "Cache-Control", ["value"] = "no-cache,\tno-store" }),
            ["response_headers"] = new JsonArray(new JsonObject { ["name"] = "Content-Type", ["value"] = "application/json; charset=utf-8" }),
            ["request_body"] = new JsonObject { ["content_type"] = "text/plain", ["text"] = "naïve 😀 text\r\n", ["truncated"] = false },
            ["response_body"] = new JsonObject { ["content_type"] = "application/json; charset=utf-8", ["text"] = "{\"ok\":true}", ["truncated"] = true },
        };

        var id = await RequestsHttp.ReportOneAsync(client, record);
        var stored = await Api.GetJsonAsync(client, $"{RequestsHttp.List}/{id}");

        Assert.Equal("0192f0c1-7a3b-7def-8123-456789abcdef", id);
        Assert.Equal(id, stored.GetProperty("id").GetString());
        Assert.Equal("2024-05-01T10:34:56.123456Z", stored.GetProperty("timestamp").GetString());
        Assert.Equal(service, stored.GetProperty("service").GetString());
        Assert.Equal("orders-route", stored.GetProperty("route").GetString());
        Assert.Equal("/orders/{id}", stored.GetProperty("route_template").GetString());
        Assert.Equal("POST", stored.GetProperty("method").GetString());
        Assert.Equal("/orders/42", stored.GetProperty("endpoint").GetString());
        Assert.Equal("expand=items&page=2", stored.GetProperty("query").GetString());
        Assert.Equal(502, stored.GetProperty("status_code").GetInt32());
        Assert.Equal(12.346, stored.GetProperty("latency_ms").GetDouble());
        Assert.Equal(10.5, stored.GetProperty("upstream_latency_ms").GetDouble());
        Assert.Equal(120, stored.GetProperty("request_bytes").GetInt64());
        Assert.Equal(3456789012, stored.GetProperty("response_bytes").GetInt64());
        Assert.Equal("2001:db8::7", stored.GetProperty("ip_address").GetString());
        Assert.Equal("curl/8.5.0", stored.GetProperty("user_agent").GetString());
        Assert.Equal("user:ada", stored.GetProperty("principal").GetString());
        Assert.Equal("checkout-7f3a", stored.GetProperty("request_id").GetString());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", stored.GetProperty("trace_id").GetString());
        Assert.Equal("00f067aa0ba902b7", stored.GetProperty("span_id").GetString());
        Assert.Equal("upstream-error: connection reset\nafter 3 retries", stored.GetProperty("error").GetString());
        Assert.True(stored.GetProperty("has_detail").GetBoolean());
        Assert.Equal(
            [("Accept", "application/json"), ("X-Tag", "[REDACTED]"), ("accept", ""), ("Cache-Control", "no-cache,\tno-store")],
            Headers(stored.GetProperty("request_headers")));
        Assert.Equal([("Content-Type", "application/json; charset=utf-8")], Headers(stored.GetProperty("response_headers")));
        var requestBody = stored.GetProperty("request_body");
        Assert.Equal("text/plain", requestBody.GetProperty("content_type").GetString());
        Assert.Equal("naïve 😀 text\r\n", requestBody.GetProperty("text").GetString());
        Assert.False(requestBody.GetProperty("truncated").GetBoolean());
        var responseBody = stored.GetProperty("response_body");
        Assert.Equal("application/json; charset=utf-8", responseBody.GetProperty("content_type").GetString());
        Assert.Equal("{\"ok\":true}", responseBody.GetProperty("text").GetString());
        Assert.True(responseBody.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Listed_requests_say_whether_headers_and_bodies_are_stored()
    {
        var service = Api.Unique("svc");
        var withDetail = RequestsHttp.Record(service, timestamp: "2024-05-01T10:00:01Z");
        withDetail["request_headers"] = new JsonArray(new JsonObject { ["name"] = "Accept", ["value"] = "*/*" });
        var ids = await RequestsHttp.ReportAsync(client, [withDetail, RequestsHttp.Record(service)]);

        var listed = await RequestsHttp.ListAsync(client, $"service={service}&from=1970-01-01T00:00:00Z");

        Assert.Equal(ids, listed.Select(r => r.GetProperty("id").GetString()));
        Assert.True(listed[0].GetProperty("has_detail").GetBoolean());
        Assert.False(listed[1].GetProperty("has_detail").GetBoolean());
        Assert.False(listed[0].TryGetProperty("request_headers", out _));
    }

    [Fact]
    public async Task Reported_request_without_detail_has_no_headers_or_bodies()
    {
        var service = Api.Unique("svc");

        var id = await RequestsHttp.ReportOneAsync(client, RequestsHttp.Record(service));
        var stored = await Api.GetJsonAsync(client, $"{RequestsHttp.List}/{id}");

        Assert.False(stored.GetProperty("has_detail").GetBoolean());
        Assert.Equal(0, stored.GetProperty("request_headers").GetArrayLength());
        Assert.Equal(0, stored.GetProperty("response_headers").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("request_body").ValueKind);
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("response_body").ValueKind);
        foreach (var optional in new[] { "route", "route_template", "query", "upstream_latency_ms", "ip_address", "user_agent", "principal", "request_id", "trace_id", "span_id", "error" })
        {
            Assert.Equal(JsonValueKind.Null, stored.GetProperty(optional).ValueKind);
        }

        Assert.Equal(0, stored.GetProperty("request_bytes").GetInt64());
        Assert.Equal(0, stored.GetProperty("response_bytes").GetInt64());
    }

    [Fact]
    public async Task Server_assigns_uuid_v7_ids_when_they_are_left_out()
    {
        var service = Api.Unique("svc");

        var ids = await RequestsHttp.ReportAsync(client, [RequestsHttp.Record(service), RequestsHttp.Record(service)]);

        Assert.All(ids, id => Assert.Equal(7, Guid.Parse(id).Version));
        Assert.Equal(2, ids.Distinct().Count());
        Assert.Equal(ids.Order(), (await RequestsHttp.IdsOfAsync(client, service)).Order());
    }

    [Fact]
    public async Task Redelivered_batch_is_stored_once()
    {
        var service = Api.Unique("svc");
        var batch = Enumerable.Range(0, 3).Select(i =>
        {
            var record = RequestsHttp.Record(service, path: $"/items/{i}");
            record["id"] = Guid.CreateVersion7().ToString();
            return (JsonNode)record;
        }).ToList();

        var first = await RequestsHttp.ReportAsync(client, batch.Select(r => r.DeepClone()));
        var second = await RequestsHttp.ReportAsync(client, batch.Select(r => r.DeepClone()));

        Assert.Equal(first, second);
        Assert.Equal(first.Order(), (await RequestsHttp.IdsOfAsync(client, service)).Order());
    }

    [Fact]
    public async Task Batch_with_one_invalid_request_stores_none()
    {
        var service = Api.Unique("svc");
        JsonNode[] batch = [RequestsHttp.Record(service), RequestsHttp.Record(service, status: 600), RequestsHttp.Record(service)];

        using var response = await Api.PostAsync(client, RequestsHttp.Report, new JsonArray(batch));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal([(1, "status")], ProblemAssert.Errors(problem));
        Assert.Empty(await RequestsHttp.IdsOfAsync(client, service));
    }

    public static TheoryData<string, string, string> InvalidMembers => new()
    {
        { "id", "\"not-a-uuid\"", "id" },
        { "id", "\"00000000-0000-0000-0000-000000000000\"", "id" },
        { "timestamp", "\"2024-05-01 10:00\"", "timestamp" },
        { "timestamp", "\"1969-12-31T23:59:59Z\"", "timestamp" },
        { "service", "\"\"", "service" },
        { "service", "42", "service" },
        { "service", $"\"{new string('s', 129)}\"", "service" },
        { "route", $"\"{new string('r', 129)}\"", "route" },
        { "method", "\"GE T\"", "method" },
        { "method", "\"PROPFINDPROPFINDX\"", "method" },
        { "route_template", $"\"/{new string('t', 2048)}\"", "route_template" },
        { "path", "\"orders\"", "path" },
        { "path", "\"/orders?page=2\"", "path" },
        { "path", "\"/orders\\u0000\"", "path" },
        { "path", $"\"/{new string('p', 2048)}\"", "path" },
        { "query", $"\"{new string('q', 4097)}\"", "query" },
        { "status", "99", "status" },
        { "status", "600", "status" },
        { "status", "200.5", "status" },
        { "status", "\"200\"", "status" },
        { "latency_ms", "-1", "latency_ms" },
        { "latency_ms", "86400001", "latency_ms" },
        { "latency_ms", "\"12\"", "latency_ms" },
        { "upstream_latency_ms", "-0.5", "upstream_latency_ms" },
        { "request_bytes", "-1", "request_bytes" },
        { "response_bytes", "1.5", "response_bytes" },
        { "client_ip", "\"1\"", "client_ip" },
        { "client_ip", "\"010.0.0.1\"", "client_ip" },
        { "client_ip", "\"localhost\"", "client_ip" },
        { "user_agent", $"\"{new string('u', 513)}\"", "user_agent" },
        { "principal", $"\"{new string('p', 257)}\"", "principal" },
        { "request_id", "\"has space\"", "request_id" },
        { "request_id", $"\"{new string('r', 129)}\"", "request_id" },
        { "trace_id", "\"4BF92F3577B34DA6A3CE929D0E0E4736\"", "trace_id" },
        { "trace_id", "\"00000000000000000000000000000000\"", "trace_id" },
        { "trace_id", "\"4bf92f3577b34da6a3ce929d0e0e47\"", "trace_id" },
        { "span_id", "\"00f067aa0ba902bz\"", "span_id" },
        { "span_id", "\"0000000000000000\"", "span_id" },
        { "error", $"\"{new string('e', 2049)}\"", "error" },
        { "request_headers", "{\"Accept\":\"*/*\"}", "request_headers" },
        { "request_headers", $"[{string.Join(',', Enumerable.Repeat("{\"name\":\"X\",\"value\":\"1\"}", 101))}]", "request_headers" },
        { "request_headers", "[[\"Accept\",\"*/*\"]]", "request_headers[0]" },
        { "request_headers", "[{\"name\":\"Bad Name\",\"value\":\"1\"}]", "request_headers[0].name" },
        { "response_headers", "[{\"name\":\"X\"}]", "response_headers[0].value" },
        { "response_headers", "[{\"name\":\"X\",\"value\":\"1\",\"extra\":true}]", "response_headers[0].extra" },
        { "response_headers", $"[{{\"name\":\"X\",\"value\":\"{new string('v', 4097)}\"}}]", "response_headers[0].value" },
        { "response_headers", "[{\"name\":\"X\",\"value\":\"a\\r\\nInjected: 1\"}]", "response_headers[0].value" },
        { "request_body", "\"plain text\"", "request_body" },
        { "request_body", "{\"content_type\":\"text/plain\"}", "request_body.text" },
        { "request_body", "{\"text\":\"x\",\"truncated\":\"yes\"}", "request_body.truncated" },
        { "response_body", "{\"text\":\"x\",\"encoding\":\"base64\"}", "response_body.encoding" },
        { "tenant_id", "\"some-other-tenant\"", "tenant_id" },
        { "latency", "12", "latency" },
        { "id", "\"\\ud800\"", "id" },
        { "timestamp", "\"\\ud800\"", "timestamp" },
        { "tenant_id", "\"\\ud800\"", "tenant_id" },
        { "service", "\"a\\ud800\"", "service" },
        { "request_headers", "[{\"name\":\"\\udc00\",\"value\":\"1\"}]", "request_headers[0].name" },
        { "request_body", "{\"content_type\":\"text/plain\",\"text\":\"\\ud800\"}", "request_body.text" },
    };

    [Theory]
    [MemberData(nameof(InvalidMembers))]
    public async Task Invalid_member_is_refused_naming_it(string member, string json, string field)
    {
        var service = Api.Unique("svc");
        var record = RequestsHttp.Record(service);
        record.Remove(member);

        // Spliced as text: JsonNode cannot carry the escaped unpaired surrogates some cases send.
        var invalid = $"{record.ToJsonString()[..^1]},\"{member}\":{json}}}";
        using var response = await Api.SendAsync(client, HttpMethod.Post, RequestsHttp.Report, Api.Json($"[{RequestsHttp.Record(service).ToJsonString()},{invalid}]"));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal([(1, field)], ProblemAssert.Errors(problem));
        Assert.Empty(await RequestsHttp.IdsOfAsync(client, service));
    }

    [Fact]
    public async Task Every_missing_required_member_is_named()
    {
        using var response = await Api.PostAsync(client, RequestsHttp.Report, new JsonArray(new JsonObject(), new JsonObject { ["status"] = null }));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        string[] required = ["timestamp", "service", "method", "path", "status", "latency_ms"];
        Assert.Equal(
            [.. required.Select(f => ((int?)0, f)), .. required.Select(f => ((int?)1, f))],
            ProblemAssert.Errors(problem));
    }

    [Fact]
    public async Task Batch_of_records_full_of_unknown_members_is_refused_counting_every_error()
    {
        // 1,000 records of 200 unknown members each: 200,000 errors, each found once, plus the six missing members.
        var records = new JsonArray();
        for (var i = 0; i < 1000; i++)
        {
            var record = new JsonObject();
            for (var m = 0; m < 200; m++)
            {
                record["x" + m] = m;
            }

            records.Add(record);
        }

        using var response = await Api.PostAsync(client, RequestsHttp.Report, records);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Contains("(206000 errors in all, the first 100 listed)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_that_is_not_an_object_is_refused()
    {
        using var response = await Api.PostAsync(client, RequestsHttp.Report, new JsonArray(RequestsHttp.Record(Api.Unique("svc")), "GET /"));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal([(1, "(record)")], ProblemAssert.Errors(problem));
    }

    [Fact]
    public async Task Repeated_id_within_a_batch_is_refused()
    {
        var service = Api.Unique("svc");
        var id = Guid.CreateVersion7().ToString();
        var first = RequestsHttp.Record(service);
        var second = RequestsHttp.Record(service);
        first["id"] = id;
        second["id"] = id;

        using var response = await Api.PostAsync(client, RequestsHttp.Report, new JsonArray(first, second));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal([(1, "id")], ProblemAssert.Errors(problem));
        Assert.Empty(await RequestsHttp.IdsOfAsync(client, service));
    }

    [Fact]
    public async Task Tenant_id_of_the_caller_is_accepted()
    {
        var service = Api.Unique("svc");
        var record = RequestsHttp.Record(service);
        record["tenant_id"] = "default";

        var id = await RequestsHttp.ReportOneAsync(client, record);

        Assert.Equal([id], await RequestsHttp.IdsOfAsync(client, service));
    }

    [Fact]
    public async Task Object_with_a_requests_array_is_accepted_like_an_array()
    {
        var service = Api.Unique("svc");

        using var response = await Api.PostAsync(client, RequestsHttp.Report, new JsonObject { ["requests"] = new JsonArray(RequestsHttp.Record(service)) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ids = (await Api.ReadJsonAsync(response)).GetProperty("ids").EnumerateArray().Select(i => i.GetString()!);
        Assert.Equal(ids, await RequestsHttp.IdsOfAsync(client, service));
    }

    [Theory]
    [InlineData("""{"requests":[],"extra":1}""")]
    [InlineData("""{"events":[]}""")]
    [InlineData("""{"requests":{}}""")]
    [InlineData("""{}""")]
    [InlineData("42")]
    public async Task Body_that_is_neither_an_array_nor_a_requests_object_is_refused(string json)
    {
        using var response = await Api.SendAsync(client, HttpMethod.Post, RequestsHttp.Report, Api.Json(json));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal([(null, "(body)")], ProblemAssert.Errors(problem));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"requests":[]}""")]
    public async Task Empty_batch_is_refused(string json)
    {
        using var response = await Api.SendAsync(client, HttpMethod.Post, RequestsHttp.Report, Api.Json(json));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task Batch_of_more_than_1000_requests_is_refused()
    {
        var service = Api.Unique("svc");
        var batch = new JsonArray([.. Enumerable.Range(0, 1001).Select(_ => (JsonNode)RequestsHttp.Record(service))]);

        using var response = await Api.PostAsync(client, RequestsHttp.Report, batch);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "too-many-events");
        Assert.Empty(await RequestsHttp.IdsOfAsync(client, service));
    }

    [Fact]
    public async Task Batch_of_1000_requests_is_stored()
    {
        var service = Api.Unique("svc");

        var ids = await RequestsHttp.ReportAsync(client, Enumerable.Range(0, 1000).Select(_ => (JsonNode)RequestsHttp.Record(service)));

        Assert.Equal(1000, (await RequestsHttp.IdsOfAsync(client, service)).Count);
        Assert.Equal(1000, ids.Distinct().Count());
    }

    public static TheoryData<int, bool> BodySizesAroundTheLimit => new()
    {
        { (1024 * 1024) - 1, true },
        { 1024 * 1024, true },
        { (1024 * 1024) + 1, false },
    };

    [Theory]
    [MemberData(nameof(BodySizesAroundTheLimit))]
    public async Task Body_text_over_1_MiB_of_utf8_is_refused(int bytes, bool accepted)
    {
        var service = Api.Unique("svc");
        var record = RequestsHttp.Record(service);
        record["response_body"] = new JsonObject { ["content_type"] = "text/plain", ["text"] = new string('é', bytes / 2) + new string('x', bytes % 2) };

        using var response = await Api.PostAsync(client, RequestsHttp.Report, new JsonArray(record));

        if (accepted)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = (await Api.ReadJsonAsync(response)).GetProperty("ids")[0].GetString();
            var stored = await Api.GetJsonAsync(client, $"{RequestsHttp.List}/{id}");
            Assert.Equal(record["response_body"]!["text"]!.GetValue<string>(), stored.GetProperty("response_body").GetProperty("text").GetString());
        }
        else
        {
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
            Assert.Equal([(0, "response_body.text")], ProblemAssert.Errors(problem));
            Assert.Empty(await RequestsHttp.IdsOfAsync(client, service));
        }
    }

    [Theory]
    [InlineData("?a=1", "a=1")]
    [InlineData("?", null)]
    [InlineData("", null)]
    public async Task Query_is_kept_without_its_leading_question_mark(string sent, string? kept)
    {
        var record = RequestsHttp.Record(Api.Unique("svc"));
        record["query"] = sent;

        var id = await RequestsHttp.ReportOneAsync(client, record);

        Assert.Equal(kept, (await Api.GetJsonAsync(client, $"{RequestsHttp.List}/{id}")).GetProperty("query").GetString());
    }

    [Fact]
    public async Task Report_that_is_not_json_is_refused_with_415()
    {
        using var response = await Api.SendAsync(client, HttpMethod.Post, RequestsHttp.Report, Api.Json("[]", "text/plain"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    private static List<(string, string)> Headers(JsonElement headers) =>
        [.. headers.EnumerateArray().Select(h => (h.GetProperty("name").GetString()!, h.GetProperty("value").GetString()!))];
}
