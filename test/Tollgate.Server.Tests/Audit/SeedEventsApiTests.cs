using System.Net;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Audit;

public sealed class SeedEventsApiTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    /// <summary>The body of seed 002's curl example, verbatim.</summary>
    private const string SeedExampleBody = """
        {
            "user_id": "1",
            "event_type": "account_deleted",
            "timestamp": "2024-01-01T00:00:00Z",
            "src_service": "user_service",
            "invariant_data": {
              "message": "User deleted account",
              "priority": 2,
              "trace": "trace_id_789"
            },
            "app_data": {
              "username": "jondoe",
              "email": "jondoe@example.com"
            }
          }
        """;

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Seed_curl_example_is_recorded_and_answers_message_and_event_id()
    {
        using var response = await Api.SendAsync(client, HttpMethod.Post, "/events", Api.Json(SeedExampleBody));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Api.ReadJsonAsync(response);
        Assert.Equal("Event created successfully", body.GetProperty("message").GetString());
        var id = body.GetProperty("event_id").GetGuid();
        var stored = await Api.GetJsonAsync(client, $"{Api.Logs}/{id}");
        Assert.Equal("1", stored.GetProperty("user_id").GetString());
        Assert.Equal("account_deleted", stored.GetProperty("event_type").GetString());
        Assert.Equal("2024-01-01T00:00:00.000000Z", stored.GetProperty("timestamp").GetString());
        Assert.Equal(2, stored.GetProperty("invariant_data").GetProperty("priority").GetInt32());
        Assert.Equal("jondoe@example.com", stored.GetProperty("app_data").GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("event_type")]
    [InlineData("src_service")]
    [InlineData("invariant_data")]
    [InlineData("app_data")]
    public async Task Missing_compulsory_field_answers_400_naming_it(string field)
    {
        var body = JsonNode.Parse(SeedExampleBody)!.AsObject();
        body.Remove(field);

        using var response = await Api.PostAsync(client, "/events", body);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal([(null, field)], ProblemAssert.Errors(problem));
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extra_fields_are_kept_with_the_event()
    {
        var body = JsonNode.Parse(SeedExampleBody)!.AsObject();
        body["user_id"] = Api.Unique("user");
        body["region"] = "eu-west-1";
        body["tags"] = new JsonArray("a", "b");

        using var response = await Api.PostAsync(client, "/events", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await Api.ReadJsonAsync(response)).GetProperty("event_id").GetGuid();
        var stored = await Api.GetJsonAsync(client, $"{Api.Logs}/{id}");
        Assert.Equal("eu-west-1", stored.GetProperty("region").GetString());
        Assert.Equal(2, stored.GetProperty("tags").GetArrayLength());
    }

    [Fact]
    public async Task Listing_pages_newest_first_with_totals()
    {
        var user = Api.Unique("user");
        for (var i = 0; i < 5; i++)
        {
            var body = JsonNode.Parse(SeedExampleBody)!.AsObject();
            body["user_id"] = user;
            body["timestamp"] = $"2024-01-0{i + 1}T00:00:00Z";
            using var created = await Api.PostAsync(client, "/events", body);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var first = await Api.GetJsonAsync(client, $"/events?user_id={user}&page=1&per_page=2");
        var last = await Api.GetJsonAsync(client, $"/events?user_id={user}&page=3&per_page=2");

        Assert.Equal(5, first.GetProperty("total").GetInt64());
        Assert.Equal(1, first.GetProperty("page").GetInt32());
        Assert.Equal(2, first.GetProperty("per_page").GetInt32());
        Assert.Equal(3, first.GetProperty("pages").GetInt64());
        Assert.Equal(
            ["2024-01-05T00:00:00.000000Z", "2024-01-04T00:00:00.000000Z"],
            first.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("timestamp").GetString()));
        Assert.Equal(["2024-01-01T00:00:00.000000Z"], last.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("timestamp").GetString()));
    }

    [Fact]
    public async Task Listing_defaults_to_page_1_of_20()
    {
        var page = await Api.GetJsonAsync(client, "/events");

        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(20, page.GetProperty("per_page").GetInt32());
        Assert.True(page.GetProperty("events").GetArrayLength() <= 20);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("per_page=0", "per_page")]
    [InlineData("per_page=1001", "per_page")]
    [InlineData("page=2147483647&per_page=1000", "page")]
    public async Task Bad_paging_parameter_answers_400_naming_it(string query, string parameter)
    {
        using var response = await client.GetAsync($"/events?{query}", TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-query-parameter");
        Assert.Equal([(null, parameter)], ProblemAssert.Errors(problem));
    }
}
