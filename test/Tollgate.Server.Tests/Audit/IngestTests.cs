using System.Net;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Audit;

public sealed class IngestTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Post_answers_201_with_the_stored_event_and_its_location()
    {
        var service = Api.Unique("svc");

        using var response = await Api.PostAsync(client, Api.Logs, Api.Event(service));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await Api.ReadJsonAsync(response);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"{Api.Logs}/{id}", response.Headers.Location?.OriginalString);
        Assert.True(created.GetProperty("sequence").GetInt64() > 0);
        Assert.Matches("^[0-9a-f]{64}$", created.GetProperty("hash").GetString());
        Assert.Equal("default", created.GetProperty("tenant_id").GetString());
        Assert.Equal(service, created.GetProperty("src_service").GetString());
        var stored = await Api.GetJsonAsync(client, response.Headers.Location!.OriginalString);
        Assert.Equal(created.GetProperty("hash").GetString(), stored.GetProperty("hash").GetString());
        Assert.Equal(0, stored.GetProperty("amendments").GetArrayLength());
    }

    [Fact]
    public async Task Post_normalises_the_timestamp_and_keeps_unknown_fields()
    {
        var body = Api.Event(Api.Unique("svc"), timestamp: "2024-01-01T01:00:00.1234567+01:00");
        body["custom"] = new JsonObject { ["nested"] = new JsonArray(1, 2.50, "x") };

        var created = await Api.CreateAsync(client, body);

        Assert.Equal("2024-01-01T00:00:00.123456Z", created.GetProperty("timestamp").GetString());
        Assert.Equal("""{"nested":[1,2.5,"x"]}""", created.GetProperty("custom").GetRawText());
    }

    [Fact]
    public async Task Bulk_accepts_an_array_and_answers_one_item_per_event()
    {
        var service = Api.Unique("svc");

        var result = await Api.CreateBulkAsync(client, [Api.Event(service), Api.Event(service), Api.Event(service)]);

        Assert.Equal(3, result.GetProperty("count").GetInt32());
        var items = result.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], items.Select(i => i.GetProperty("index").GetInt32()));
        Assert.All(items, i => Assert.False(i.GetProperty("replayed").GetBoolean()));
        var sequences = items.Select(i => i.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal([sequences[0], sequences[0] + 1, sequences[0] + 2], sequences);
        var stored = await Api.ListAsync(client, service);
        Assert.Equal(items.Select(i => i.GetProperty("event_id").GetGuid()), stored.Select(e => e.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Bulk_accepts_an_object_with_an_events_array()
    {
        var service = Api.Unique("svc");
        var body = new JsonObject { ["events"] = new JsonArray(Api.Event(service), Api.Event(service)) };

        using var response = await Api.PostAsync(client, Api.Logs + "/bulk", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, (await Api.ReadJsonAsync(response)).GetProperty("count").GetInt32());
        Assert.Equal(2, (await Api.ListAsync(client, service)).Count);
    }

    [Fact]
    public async Task Bulk_with_one_invalid_event_stores_none()
    {
        var service = Api.Unique("svc");
        var missingType = Api.Event(service);
        missingType.Remove("event_type");
        var badTime = Api.Event(service, timestamp: "yesterday");

        using var response = await Api.PostAsync(client, Api.Logs + "/bulk", new JsonArray(Api.Event(service), missingType, badTime, Api.Event(service)));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal([(1, "event_type"), (2, "timestamp")], ProblemAssert.Errors(problem));
        Assert.Empty(await Api.ListAsync(client, service));
    }

    [Fact]
    public async Task Bulk_over_10000_events_is_refused()
    {
        var service = Api.Unique("svc");
        var events = new JsonArray([.. Enumerable.Range(0, 10_001).Select(_ => Api.Event(service))]);

        using var response = await Api.PostAsync(client, Api.Logs + "/bulk", events);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "too-many-events");
        Assert.Empty(await Api.ListAsync(client, service));
    }

    [Fact]
    public async Task Bulk_without_events_answers_400()
    {
        using var response = await Api.PostAsync(client, Api.Logs + "/bulk", new JsonArray());

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal([(null, "events")], ProblemAssert.Errors(problem));
    }

    [Fact]
    public async Task Wrong_types_answer_400_with_an_error_per_field()
    {
        var body = new JsonObject
        {
            ["user_id"] = 5,
            ["event_type"] = true,
            ["src_service"] = Api.Unique("svc"),
            ["invariant_data"] = "text",
            ["id"] = "not-a-uuid",
        };

        using var response = await Api.PostAsync(client, Api.Logs, body);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(
            ["event_type", "id", "invariant_data", "user_id"],
            ProblemAssert.Errors(problem).Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-01-01 00:00:00")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("soon")]
    public async Task Unparseable_timestamp_answers_400_naming_the_field(string timestamp)
    {
        using var response = await Api.PostAsync(client, Api.Logs, Api.Event(Api.Unique("svc"), timestamp: timestamp));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal([(null, "timestamp")], ProblemAssert.Errors(problem));
    }

    [Fact]
    public async Task Body_over_one_MiB_answers_413()
    {
        var body = Api.Event(Api.Unique("svc"));
        body["padding"] = new string('x', 1024 * 1024);

        using var response = await Api.PostAsync(client, Api.Logs, body);

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
    }
}
