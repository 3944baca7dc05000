using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Requests;

/// <summary>Reports share the audit bulk API's body limit (<c>Audit:MaxBulkBodyBytes</c>), crossed cheaply here.</summary>
public sealed class BodyLimitTests(SmallLimitsFactory factory) : IClassFixture<SmallLimitsFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    public static TheoryData<int, HttpStatusCode> SizesAroundTheLimit => new()
    {
        { SmallLimitsFactory.MaxBulkBodyBytes - 1, HttpStatusCode.Created },
        { SmallLimitsFactory.MaxBulkBodyBytes, HttpStatusCode.Created },
        { SmallLimitsFactory.MaxBulkBodyBytes + 1, HttpStatusCode.RequestEntityTooLarge },
        { SmallLimitsFactory.MaxBulkBodyBytes * 10, HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(SizesAroundTheLimit))]
    public async Task Batch_larger_than_the_bulk_body_limit_answers_413_and_stores_nothing(int size, HttpStatusCode expected)
    {
        var service = Api.Unique("svc");
        var body = BatchOfSize(service, size);

        using var response = await Api.SendAsync(client, HttpMethod.Post, RequestsHttp.Report, new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });
        using var chunked = await Api.SendAsync(client, HttpMethod.Post, RequestsHttp.Report, new UnknownLengthContent(body, "application/json"));

        if (expected == HttpStatusCode.Created)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(HttpStatusCode.Created, chunked.StatusCode);
            Assert.Single(await RequestsHttp.IdsOfAsync(client, service));
        }
        else
        {
            await ProblemAssert.IsAsync(response, expected, "body-too-large");
            await ProblemAssert.IsAsync(chunked, expected, "body-too-large");
            Assert.Empty(await RequestsHttp.IdsOfAsync(client, service));
        }
    }

    /// <summary>One request with a fixed id, padded through its response body to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] BatchOfSize(string service, int size)
    {
        var record = RequestsHttp.Record(service);
        record["id"] = Guid.CreateVersion7().ToString();
        record["response_body"] = new JsonObject { ["text"] = "" };
        var empty = new JsonArray(record).ToJsonString();
        var padded = empty.Replace("\"text\":\"\"", $"\"text\":\"{new string('x', size - Encoding.UTF8.GetByteCount(empty))}\"", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(padded);
        Assert.Equal(size, bytes.Length);
        return bytes;
    }
}
