using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Audit;

public sealed class IdempotencyTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Retry_with_the_same_idempotency_key_answers_the_original_status_and_body()
    {
        var service = Api.Unique("svc");
        var key = Api.Unique("key");

        using var first = await Api.PostAsync(client, Api.Logs, Api.Event(service), key);
        using var retry = await Api.PostAsync(client, Api.Logs, Api.Event(service), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(
            await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            await retry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Single(await Api.ListAsync(client, service));
    }

    [Fact]
    public async Task Reused_idempotency_key_with_other_content_answers_409()
    {
        var service = Api.Unique("svc");
        var key = Api.Unique("key");
        using var first = await Api.PostAsync(client, Api.Logs, Api.Event(service, eventType: "login"), key);

        using var conflict = await Api.PostAsync(client, Api.Logs, Api.Event(service, eventType: "logout"), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await ProblemAssert.IsAsync(conflict, HttpStatusCode.Conflict, "idempotency-conflict");
        Assert.Single(await Api.ListAsync(client, service));
    }

    [Fact]
    public async Task Retry_with_the_same_client_supplied_id_answers_the_original_event()
    {
        var service = Api.Unique("svc");
        var id = Guid.CreateVersion7();
        var body = Api.Event(service);
        body["id"] = id.ToString();

        using var first = await Api.PostAsync(client, Api.Logs, body);
        using var retry = await Api.PostAsync(client, Api.Logs, body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var original = await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(original, await retry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(id, (await Api.ReadJsonAsync(first)).GetProperty("id").GetGuid());
        Assert.Single(await Api.ListAsync(client, service));
    }

    [Fact]
    public async Task Reused_client_supplied_id_with_other_content_answers_409()
    {
        var service = Api.Unique("svc");
        var id = Guid.CreateVersion7().ToString();
        var body = Api.Event(service, eventType: "login");
        body["id"] = id;
        using var first = await Api.PostAsync(client, Api.Logs, body);
        var changed = Api.Event(service, eventType: "logout");
        changed["id"] = id;

        using var conflict = await Api.PostAsync(client, Api.Logs, changed);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await ProblemAssert.IsAsync(conflict, HttpStatusCode.Conflict, "idempotency-conflict");
        Assert.Single(await Api.ListAsync(client, service));
    }

    [Fact]
    public async Task Bulk_retry_with_the_same_key_replays_every_item()
    {
        var service = Api.Unique("svc");
        var key = Api.Unique("key");
        JsonArray Batch() => [Api.Event(service, userId: "a"), Api.Event(service, userId: "b"), Api.Event(service, userId: "c")];

        using var first = await Api.PostAsync(client, Api.Logs + "/bulk", Batch(), key);
        using var retry = await Api.PostAsync(client, Api.Logs + "/bulk", Batch(), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var original = (await Api.ReadJsonAsync(first)).GetProperty("items").EnumerateArray().ToList();
        var replayed = (await Api.ReadJsonAsync(retry)).GetProperty("items").EnumerateArray().ToList();
        Assert.All(original, i => Assert.False(i.GetProperty("replayed").GetBoolean()));
        Assert.All(replayed, i => Assert.True(i.GetProperty("replayed").GetBoolean()));
        Assert.Equal(original.Select(i => i.GetProperty("event_id").GetGuid()), replayed.Select(i => i.GetProperty("event_id").GetGuid()));
        Assert.Equal(original.Select(i => i.GetProperty("sequence").GetInt64()), replayed.Select(i => i.GetProperty("sequence").GetInt64()));
        Assert.Equal(3, (await Api.ListAsync(client, service)).Count);
    }

    [Fact]
    public async Task Bulk_conflict_names_the_index_and_stores_nothing()
    {
        var service = Api.Unique("svc");
        var key = Api.Unique("key");
        using var first = await Api.PostAsync(client, Api.Logs + "/bulk", new JsonArray(Api.Event(service, userId: "a"), Api.Event(service, userId: "b")), key);

        using var conflict = await Api.PostAsync(
            client,
            Api.Logs + "/bulk",
            new JsonArray(Api.Event(service, userId: "a"), Api.Event(service, userId: "changed"), Api.Event(service, userId: "new")),
            key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var problem = await ProblemAssert.IsAsync(conflict, HttpStatusCode.Conflict, "idempotency-conflict");
        Assert.Equal(1, problem.GetProperty("index").GetInt32());
        Assert.Contains("item 1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await Api.ListAsync(client, service)).Count);
    }

    [Fact]
    public async Task Empty_idempotency_key_answers_400()
    {
        var body = Api.Event(Api.Unique("svc")).ToJsonString();

        // HttpClient drops empty header values, so the request is built on the server side.
        var context = await factory.Server.SendAsync(
            request =>
            {
                request.Request.Method = "POST";
                request.Request.Path = Api.Logs;
                request.Request.ContentType = "application/json";
                request.Request.Headers["Idempotency-Key"] = string.Empty;
                request.Request.Headers.Authorization = "Bearer " + factory.ApiKey;
                request.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));
            },
            TestContext.Current.CancellationToken);

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        using var problem = await System.Text.Json.JsonDocument.ParseAsync(context.Response.Body, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("urn:tollgate:problem:invalid-idempotency-key", problem.RootElement.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("é-not-ascii")]
    [InlineData("a-key-that-is-far-too-long")]
    public async Task Malformed_idempotency_key_answers_400(string key)
    {
        var header = key == "a-key-that-is-far-too-long" ? new string('k', 256) : key;

        using var response = await Api.PostAsync(client, Api.Logs, Api.Event(Api.Unique("svc")), header);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-idempotency-key");
    }

    [Fact]
    public async Task Longest_idempotency_key_is_accepted()
    {
        using var response = await Api.PostAsync(client, Api.Logs, Api.Event(Api.Unique("svc")), new string('k', 254) + "~");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
