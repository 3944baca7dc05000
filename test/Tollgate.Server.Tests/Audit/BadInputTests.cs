using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Audit;

public sealed class BadInputTests(SmallLimitsFactory factory) : IClassFixture<SmallLimitsFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    public static TheoryData<int, HttpStatusCode> SizesAroundTheLimit => new()
    {
        { SmallLimitsFactory.MaxBodyBytes - 1, HttpStatusCode.Created },
        { SmallLimitsFactory.MaxBodyBytes, HttpStatusCode.Created },
        { SmallLimitsFactory.MaxBodyBytes + 1, HttpStatusCode.RequestEntityTooLarge },
        { SmallLimitsFactory.MaxBodyBytes * 10, HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(SizesAroundTheLimit))]
    public async Task Body_larger_than_the_limit_answers_413(int size, HttpStatusCode expected)
    {
        using var response = await Api.SendAsync(client, HttpMethod.Post, Api.Logs, new ByteArrayContent(EventOfSize(size)) { Headers = { ContentType = new("application/json") } });

        await AssertOutcomeAsync(response, expected);
    }

    [Theory]
    [MemberData(nameof(SizesAroundTheLimit))]
    public async Task Chunked_body_larger_than_the_limit_answers_413(int size, HttpStatusCode expected)
    {
        using var response = await Api.SendAsync(client, HttpMethod.Post, Api.Logs, new UnknownLengthContent(EventOfSize(size), "application/json"));

        await AssertOutcomeAsync(response, expected);
    }

    [Fact]
    public async Task Bulk_body_larger_than_the_bulk_limit_answers_413()
    {
        var service = Api.Unique("svc");
        var events = new JsonArray([.. Enumerable.Range(0, 400).Select(_ => Api.Event(service))]);
        Assert.True(Encoding.UTF8.GetByteCount(events.ToJsonString()) > SmallLimitsFactory.MaxBulkBodyBytes);

        using var response = await Api.PostAsync(client, Api.Logs + "/bulk", events);

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        Assert.Empty(await Api.ListAsync(client, service));
    }

    [Fact]
    public async Task Bulk_body_within_the_bulk_limit_but_over_the_single_limit_is_accepted()
    {
        var service = Api.Unique("svc");
        var events = new JsonArray([.. Enumerable.Range(0, 100).Select(_ => Api.Event(service))]);
        Assert.InRange(Encoding.UTF8.GetByteCount(events.ToJsonString()), SmallLimitsFactory.MaxBodyBytes + 1, SmallLimitsFactory.MaxBulkBodyBytes);

        using var response = await Api.PostAsync(client, Api.Logs + "/bulk", events);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData(32, HttpStatusCode.Created)]
    [InlineData(33, HttpStatusCode.BadRequest)]
    [InlineData(1000, HttpStatusCode.BadRequest)]
    public async Task Json_nested_deeper_than_32_levels_answers_400(int depth, HttpStatusCode expected)
    {
        var nested = new string('[', depth - 1) + new string(']', depth - 1);
        var json = $$"""{"user_id":"u","event_type":"t","src_service":"{{Api.Unique("svc")}}","deep":{{nested}}}""";

        using var response = await Api.SendAsync(client, HttpMethod.Post, Api.Logs, Api.Json(json));

        if (expected == HttpStatusCode.Created)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        else
        {
            await ProblemAssert.IsAsync(response, expected, "json-too-deep");
        }
    }

    [Theory]
    [InlineData("""{"user_id": """)]
    [InlineData("""{"user_id": "u",}""")]
    [InlineData("""{"a": 1} {"b": 2}""")]
    [InlineData("""{'user_id': 'u'}""")]
    [InlineData("""{"a": 1, "a": 2}""")]
    [InlineData("""{"user_id": "u", "\ud800": 1}""")]
    [InlineData("")]
    public async Task Invalid_json_answers_400(string json)
    {
        using var response = await Api.SendAsync(client, HttpMethod.Post, Api.Logs, Api.Json(json));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-json");
    }

    [Fact]
    public async Task Invalid_utf8_answers_400()
    {
        byte[] body = [.. "{\"user_id\":\"u"u8, 0xC3, 0x28, .. "\",\"event_type\":\"t\",\"src_service\":\"s\"}"u8];

        using var response = await Api.SendAsync(client, HttpMethod.Post, Api.Logs, new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-utf8");
    }

    [Theory]
    [InlineData("""{"user_id":"u\u0000","event_type":"t","src_service":"s"}""", "user_id")]
    [InlineData("""{"user_id":"u","event_type":"t","src_service":"s","note":"a\u0000b"}""", "(event)")]
    [InlineData("""{"user_id":"u","event_type":"t","src_service":"s","x\u0000":1}""", "(event)")]
    public async Task Nul_character_anywhere_in_an_event_answers_400_naming_where(string json, string field)
    {
        using var response = await Api.SendAsync(client, HttpMethod.Post, Api.Logs, Api.Json(json));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Contains(ProblemAssert.Errors(problem), e => e.Field == field);
        Assert.Contains("U+0000", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("q")]
    public async Task Nul_character_in_a_search_filter_answers_400(string parameter)
    {
        using var response = await client.GetAsync($"{Api.Logs}?{parameter}=a%00b", TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-query-parameter");
        Assert.Contains(ProblemAssert.Errors(problem), e => e.Field == parameter);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task Non_json_content_type_answers_415(string contentType)
    {
        var content = new ByteArrayContent("""{"user_id":"u","event_type":"t","src_service":"s"}"""u8.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await Api.SendAsync(client, HttpMethod.Post, Api.Logs, content);

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task Body_without_content_type_answers_415()
    {
        using var response = await Api.SendAsync(client, HttpMethod.Post, Api.Logs + "/bulk", new ByteArrayContent("[]"u8.ToArray()));

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Theory]
    [InlineData("export?format=xml", "format")]
    [InlineData("export?format=CSV", "format")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?limit=abc", "limit")]
    [InlineData("?limit=-1", "limit")]
    [InlineData("?limit=1.5", "limit")]
    [InlineData("?cursor=zzz", "cursor")]
    [InlineData("?cursor=not%20a%20cursor!", "cursor")]
    [InlineData("?cursor=djE6eDox", "cursor")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2024-01-01", "to")]
    [InlineData("?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z", "to")]
    [InlineData("?order=newest", "order")]
    [InlineData("export?order=up", "order")]
    [InlineData("stats?interval=week", "interval")]
    [InlineData("stats?from=2024-01-01T00:00:00Z&to=2024-03-01T00:00:00Z", "from")]
    [InlineData("stats?interval=day&from=2020-01-01T00:00:00Z&to=2024-01-01T00:00:00Z", "from")]
    [InlineData("cleanup", "before")]
    [InlineData("cleanup?before=last-week", "before")]
    [InlineData("cleanup?before=2999-01-01T00:00:00Z", "before")]
    public async Task Malformed_query_parameter_answers_400_naming_it(string pathAndQuery, string parameter)
    {
        var method = pathAndQuery.StartsWith("cleanup", StringComparison.Ordinal) ? HttpMethod.Delete : HttpMethod.Get;
        var url = pathAndQuery.StartsWith('?') ? Api.Logs + pathAndQuery : $"{Api.Logs}/{pathAndQuery}";

        using var response = await Api.SendAsync(client, method, url, content: null);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-query-parameter");
        Assert.Equal([(null, parameter)], ProblemAssert.Errors(problem));
    }

    [Fact]
    public async Task Every_bad_query_parameter_is_reported_at_once()
    {
        using var response = await client.GetAsync($"{Api.Logs}?limit=x&cursor=y&order=z&from=w", TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-query-parameter");
        Assert.Equal(["cursor", "from", "limit", "order"], ProblemAssert.Errors(problem).Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Unknown_route_answers_404_problem()
    {
        using var response = await client.GetAsync("/api/v1/nothing-here", TestContext.Current.CancellationToken);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Wrong_method_answers_405_problem()
    {
        using var response = await Api.SendAsync(client, HttpMethod.Delete, "/events", content: null);

        await ProblemAssert.IsAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task Event_that_is_not_an_object_answers_400()
    {
        using var response = await Api.SendAsync(client, HttpMethod.Post, Api.Logs, Api.Json("[1,2]"));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal([(null, "(event)")], ProblemAssert.Errors(problem));
    }

    private static byte[] EventOfSize(int size)
    {
        var prefix = $$"""{"user_id":"u","event_type":"t","src_service":"{{Api.Unique("svc")}}","padding":" """.TrimEnd();
        var padding = size - Encoding.UTF8.GetByteCount(prefix) - 2;
        return Encoding.UTF8.GetBytes(prefix + new string('x', padding) + "\"}");
    }

    private static async Task AssertOutcomeAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (expected == HttpStatusCode.Created)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        else
        {
            await ProblemAssert.IsAsync(response, expected, "body-too-large");
        }
    }
}
