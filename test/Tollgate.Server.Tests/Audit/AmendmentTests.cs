using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Audit;

public sealed class AmendmentTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Put_records_an_amendment_and_leaves_the_original_unchanged()
    {
        var service = Api.Unique("svc");
        var original = await Api.CreateAsync(client, Original(service));
        var id = original.GetProperty("id").GetGuid();
        var replacement = Api.Event(service, "alice", "login");
        replacement["message"] = "corrected";

        using var response = await Api.SendAsync(client, HttpMethod.Put, $"{Api.Logs}/{id}", Api.Json(replacement));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var amendment = await Api.ReadJsonAsync(response);
        var amendmentId = amendment.GetProperty("id").GetGuid();
        Assert.NotEqual(id, amendmentId);
        Assert.Equal($"{Api.Logs}/{amendmentId}", response.Headers.Location?.OriginalString);
        Assert.Equal(id, amendment.GetProperty("amends").GetGuid());
        Assert.Equal("corrected", amendment.GetProperty("message").GetString());
        Assert.False(amendment.TryGetProperty("app_data", out _));
        var stored = await Api.GetJsonAsync(client, $"{Api.Logs}/{id}");
        AssertSameEvent(original, stored);
        Assert.Equal([amendmentId], stored.GetProperty("amendments").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Patch_applies_a_json_merge_patch_to_the_original_document()
    {
        var service = Api.Unique("svc");
        var original = await Api.CreateAsync(client, Original(service));
        var id = original.GetProperty("id").GetGuid();
        var patch = """{"message":"patched","target":null,"app_data":{"y":null,"z":{"deep":true}},"tags":["only"]}""";

        using var response = await Api.SendAsync(client, HttpMethod.Patch, $"{Api.Logs}/{id}", Api.Json(patch, "application/merge-patch+json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var amendment = await Api.ReadJsonAsync(response);
        Assert.Equal(id, amendment.GetProperty("amends").GetGuid());
        Assert.Equal("patched", amendment.GetProperty("message").GetString());
        Assert.False(amendment.TryGetProperty("target", out _));
        Assert.Equal("""{"x":1,"z":{"deep":true}}""", amendment.GetProperty("app_data").GetRawText());
        Assert.Equal("""["only"]""", amendment.GetProperty("tags").GetRawText());
        Assert.Equal("alice", amendment.GetProperty("user_id").GetString());
        Assert.Equal(original.GetProperty("timestamp").GetString(), amendment.GetProperty("timestamp").GetString());
        Assert.NotEqual(id, amendment.GetProperty("id").GetGuid());
        AssertSameEvent(original, await Api.GetJsonAsync(client, $"{Api.Logs}/{id}"));
    }

    [Fact]
    public async Task Patch_accepts_plain_application_json()
    {
        var original = await Api.CreateAsync(client, Original(Api.Unique("svc")));

        using var response = await Api.SendAsync(client, HttpMethod.Patch, $"{Api.Logs}/{original.GetProperty("id").GetGuid()}", Api.Json("""{"event_type":"logout"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("logout", (await Api.ReadJsonAsync(response)).GetProperty("event_type").GetString());
    }

    [Fact]
    public async Task Patch_that_removes_a_required_field_answers_400()
    {
        var original = await Api.CreateAsync(client, Original(Api.Unique("svc")));

        using var response = await Api.SendAsync(client, HttpMethod.Patch, $"{Api.Logs}/{original.GetProperty("id").GetGuid()}", Api.Json("""{"user_id":null}""", "application/merge-patch+json"));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal([(null, "user_id")], ProblemAssert.Errors(problem));
    }

    [Theory]
    [InlineData("""{"message":"\ud800"}""")]
    [InlineData("""{"app_data":{"z":["\udc00"]}}""")]
    [InlineData("\"not an object\"")]
    public async Task Patch_that_yields_an_invalid_event_answers_400(string patch)
    {
        var original = await Api.CreateAsync(client, Original(Api.Unique("svc")));

        using var response = await Api.SendAsync(client, HttpMethod.Patch, $"{Api.Logs}/{original.GetProperty("id").GetGuid()}", Api.Json(patch, "application/merge-patch+json"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task Amending_an_amendment_amends_its_original()
    {
        var service = Api.Unique("svc");
        var original = await Api.CreateAsync(client, Original(service));
        var id = original.GetProperty("id").GetGuid();
        using var first = await Api.SendAsync(client, HttpMethod.Patch, $"{Api.Logs}/{id}", Api.Json("""{"message":"first"}"""));
        var firstId = (await Api.ReadJsonAsync(first)).GetProperty("id").GetGuid();

        using var second = await Api.SendAsync(client, HttpMethod.Patch, $"{Api.Logs}/{firstId}", Api.Json("""{"event_type":"second"}"""));

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var amendment = await Api.ReadJsonAsync(second);
        Assert.Equal(id, amendment.GetProperty("amends").GetGuid());
        Assert.Equal("first", amendment.GetProperty("message").GetString());
        Assert.Equal("second", amendment.GetProperty("event_type").GetString());
        var stored = await Api.GetJsonAsync(client, $"{Api.Logs}/{id}");
        Assert.Equal(
            [firstId, amendment.GetProperty("id").GetGuid()],
            stored.GetProperty("amendments").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Put_retry_with_the_same_idempotency_key_records_one_amendment()
    {
        var original = await Api.CreateAsync(client, Original(Api.Unique("svc")));
        var id = original.GetProperty("id").GetGuid();
        var key = Api.Unique("key");
        var replacement = Api.Event(original.GetProperty("src_service").GetString()!, "alice", "corrected");

        using var first = await Api.SendAsync(client, HttpMethod.Put, $"{Api.Logs}/{id}", Api.Json(replacement), key);
        using var retry = await Api.SendAsync(client, HttpMethod.Put, $"{Api.Logs}/{id}", Api.Json(replacement), key);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(
            await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            await retry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, (await Api.GetJsonAsync(client, $"{Api.Logs}/{id}")).GetProperty("amendments").GetArrayLength());
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    public async Task Amending_an_unknown_event_answers_404(string method)
    {
        using var response = await Api.SendAsync(client, new HttpMethod(method), $"{Api.Logs}/{Guid.CreateVersion7()}", Api.Json(Api.Event("svc")));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    private static JsonObject Original(string service)
    {
        var body = Api.Event(service, "alice", "login", "2024-02-01T08:00:00Z");
        body["target"] = "account:1";
        body["message"] = "original";
        body["app_data"] = new JsonObject { ["x"] = 1, ["y"] = 2 };
        return body;
    }

    private static void AssertSameEvent(JsonElement expected, JsonElement actual)
    {
        foreach (var member in expected.EnumerateObject())
        {
            Assert.Equal(member.Value.GetRawText(), actual.GetProperty(member.Name).GetRawText());
        }

        Assert.Equal(expected.EnumerateObject().Count(), actual.EnumerateObject().Count(m => m.Name != "amendments"));
        Assert.Equal(JsonValueKind.Array, actual.GetProperty("amendments").ValueKind);
    }
}
