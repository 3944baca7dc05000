using System.Net;
using System.Text.Json;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Audit;

public sealed class RetentionTests(FakeClockFactory factory) : IClassFixture<FakeClockFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Cleanup_deletes_old_events_and_the_chain_still_verifies()
    {
        var service = Api.Unique("svc");
        var clock = factory.Clock!;
        var before = await Api.GetJsonAsync(client, $"{Api.Logs}/verify");
        Assert.True(before.GetProperty("ok").GetBoolean());
        var existing = before.GetProperty("head").GetProperty("sequence").GetInt64();
        await Api.CreateBulkAsync(client, Enumerable.Range(0, 10).Select(_ => (System.Text.Json.Nodes.JsonNode)Api.Event(service)));
        var cutoff = clock.GetUtcNow().AddMinutes(30);
        clock.Advance(TimeSpan.FromHours(1));
        await Api.CreateBulkAsync(client, Enumerable.Range(0, 5).Select(_ => (System.Text.Json.Nodes.JsonNode)Api.Event(service)));

        using var response = await Api.SendAsync(client, HttpMethod.Delete, $"{Api.Logs}/cleanup?before={cutoff:yyyy-MM-dd'T'HH:mm:ss'Z'}", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cleanup = await Api.ReadJsonAsync(response);
        Assert.Equal(existing + 10, cleanup.GetProperty("deleted").GetInt64());
        var checkpoint = cleanup.GetProperty("checkpoint");
        Assert.Equal(existing + 10, checkpoint.GetProperty("sequence").GetInt64());
        Assert.Matches("^[0-9a-f]{64}$", checkpoint.GetProperty("hash").GetString());
        Assert.Equal("2025-01-01T01:00:00.000000Z", checkpoint.GetProperty("created_at").GetString());
        Assert.Equal(5, (await Api.ListAsync(client, service)).Count);

        var verify = await Api.GetJsonAsync(client, $"{Api.Logs}/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean());
        Assert.Equal(5, verify.GetProperty("verified").GetInt64());
        Assert.Equal(JsonValueKind.Null, verify.GetProperty("first_broken_sequence").ValueKind);
        Assert.Equal(JsonValueKind.Null, verify.GetProperty("reason").ValueKind);
        Assert.Equal(existing + 15, verify.GetProperty("head").GetProperty("sequence").GetInt64());
        Assert.Equal(checkpoint.GetProperty("hash").GetString(), verify.GetProperty("checkpoint").GetProperty("hash").GetString());

        using var again = await Api.SendAsync(client, HttpMethod.Delete, $"{Api.Logs}/cleanup?before={cutoff:yyyy-MM-dd'T'HH:mm:ss'Z'}", content: null);
        var second = await Api.ReadJsonAsync(again);
        Assert.Equal(0, second.GetProperty("deleted").GetInt64());
        Assert.Equal(existing + 10, second.GetProperty("checkpoint").GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Cleanup_before_a_future_time_is_refused()
    {
        var future = factory.Clock!.GetUtcNow().AddSeconds(1);

        using var response = await Api.SendAsync(client, HttpMethod.Delete, $"{Api.Logs}/cleanup?before={future:yyyy-MM-dd'T'HH:mm:ss'Z'}", content: null);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-query-parameter");
    }
}
