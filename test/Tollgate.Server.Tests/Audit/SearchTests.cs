using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Audit;

public sealed class SearchTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Each_filter_selects_only_matching_events()
    {
        var service = Api.Unique("svc");
        JsonObject Make(string user, string type, string target, string requestId, string traceId, string message)
        {
            var e = Api.Event(service, user, type);
            e["target"] = target;
            e["request_id"] = requestId;
            e["trace_id"] = traceId;
            e["message"] = message;
            return e;
        }

        await Api.CreateBulkAsync(client,
        [
            Make("alice", "login", "account:1", "req-1", "trace-1", "Alice signed in"),
            Make("bob", "login", "account:2", "req-2", "trace-2", "Bob signed in"),
            Make("alice", "delete", "account:1", "req-3", "trace-1", "Alice removed a FILE"),
        ]);

        Assert.Equal(2, await CountAsync($"src_service={service}&user_id=alice"));
        Assert.Equal(2, await CountAsync($"src_service={service}&event_type=login"));
        Assert.Equal(2, await CountAsync($"src_service={service}&target=account:1"));
        Assert.Equal(1, await CountAsync($"src_service={service}&request_id=req-2"));
        Assert.Equal(2, await CountAsync($"src_service={service}&trace_id=trace-1"));
        Assert.Equal(1, await CountAsync($"src_service={service}&q=file"));
        Assert.Equal(2, await CountAsync($"src_service={service}&q=SIGNED"));
        Assert.Equal(1, await CountAsync($"src_service={service}&user_id=alice&event_type=delete"));
        Assert.Equal(0, await CountAsync($"src_service={service}&user_id=carol"));
    }

    [Fact]
    public async Task Time_range_includes_from_and_excludes_to()
    {
        var service = Api.Unique("svc");
        await Api.CreateBulkAsync(client,
        [
            Api.Event(service, timestamp: "2024-05-01T10:00:00Z"),
            Api.Event(service, timestamp: "2024-05-01T11:00:00Z"),
            Api.Event(service, timestamp: "2024-05-01T12:00:00Z"),
        ]);

        var page = await Api.GetJsonAsync(client, $"{Api.Logs}?src_service={service}&from=2024-05-01T10:00:00Z&to=2024-05-01T12:00:00Z");

        Assert.Equal(
            ["2024-05-01T11:00:00.000000Z", "2024-05-01T10:00:00.000000Z"],
            page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("timestamp").GetString()));
    }

    [Fact]
    public async Task Order_asc_returns_oldest_first_and_desc_is_the_default()
    {
        var service = Api.Unique("svc");
        await Api.CreateBulkAsync(client,
        [
            Api.Event(service, timestamp: "2024-05-02T00:00:00Z"),
            Api.Event(service, timestamp: "2024-05-01T00:00:00Z"),
            Api.Event(service, timestamp: "2024-05-03T00:00:00Z"),
        ]);

        var ascending = await Api.GetJsonAsync(client, $"{Api.Logs}?src_service={service}&order=asc");
        var byDefault = await Api.GetJsonAsync(client, $"{Api.Logs}?src_service={service}");

        Assert.Equal(["2024-05-01", "2024-05-02", "2024-05-03"], Days(ascending));
        Assert.Equal(["2024-05-03", "2024-05-02", "2024-05-01"], Days(byDefault));
        Assert.Equal(JsonValueKind.Null, byDefault.GetProperty("next_cursor").ValueKind);
    }

    [Theory]
    [InlineData("desc")]
    [InlineData("asc")]
    public async Task Keyset_pages_stay_correct_while_events_are_inserted_between_pages(string order)
    {
        var service = Api.Unique("svc");
        var start = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        await Api.CreateBulkAsync(client, Enumerable.Range(0, 250).Select(i => (JsonNode)Api.Event(service, timestamp: Stamp(start.AddSeconds(i)))));
        var expected = (await Api.ListAsync(client, service)).Select(e => e.GetProperty("id").GetGuid()).ToList();
        if (order == "desc")
        {
            expected.Reverse();
        }

        var seen = new List<Guid>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var url = $"{Api.Logs}?src_service={service}&order={order}&limit=100" + (cursor is null ? string.Empty : "&cursor=" + cursor);
            var result = await Api.GetJsonAsync(client, url);
            seen.AddRange(result.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
            cursor = result.GetProperty("next_cursor").GetString();
            if (cursor is null)
            {
                break;
            }

            // New events land before the cursor (newer for desc, older for asc), so they belong to pages already read.
            var before = order == "desc" ? start.AddDays(1).AddSeconds(page) : start.AddDays(-1).AddSeconds(page);
            await Api.CreateBulkAsync(client, Enumerable.Range(0, 20).Select(_ => (JsonNode)Api.Event(service, timestamp: Stamp(before))));
        }

        Assert.Null(cursor);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Get_answers_the_event_with_its_amendments()
    {
        var created = await Api.CreateAsync(client, Api.Event(Api.Unique("svc")));
        var id = created.GetProperty("id").GetGuid();

        var stored = await Api.GetJsonAsync(client, $"{Api.Logs}/{id}");

        foreach (var member in created.EnumerateObject())
        {
            Assert.Equal(member.Value.GetRawText(), stored.GetProperty(member.Name).GetRawText());
        }

        Assert.Equal(JsonValueKind.Array, stored.GetProperty("amendments").ValueKind);
    }

    [Theory]
    [InlineData("01920000-0000-7000-8000-000000000000")]
    [InlineData("not-a-uuid")]
    [InlineData("12345")]
    public async Task Get_of_an_unknown_or_malformed_id_answers_404_problem(string id)
    {
        using var response = await client.GetAsync($"{Api.Logs}/{id}", TestContext.Current.CancellationToken);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    private static string Stamp(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string> Days(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("timestamp").GetString()![..10]);

    private async Task<int> CountAsync(string query) =>
        (await Api.GetJsonAsync(client, $"{Api.Logs}?{query}")).GetProperty("items").GetArrayLength();
}
