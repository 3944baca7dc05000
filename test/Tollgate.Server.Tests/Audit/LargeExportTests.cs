using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Audit;

public sealed class LargeExportTests(KestrelFactory factory) : IClassFixture<KestrelFactory>
{
    private const int EventCount = 20_000;

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Export_of_20000_events_streams_every_event_over_real_http()
    {
        Assert.Equal("127.0.0.1", client.BaseAddress?.Host);
        var service = Api.Unique("svc");
        for (var batch = 0; batch < EventCount / 10_000; batch++)
        {
            var events = Enumerable.Range(0, 10_000).Select(i => (JsonNode)Api.Event(service, userId: $"user-{batch}-{i}"));
            await Api.CreateBulkAsync(client, events);
        }

        using var ndjson = await client.GetAsync($"{Api.Logs}/export?format=ndjson&src_service={service}", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ndjson.StatusCode);
        Assert.Null(ndjson.Content.Headers.ContentLength);
        Assert.True(ndjson.Headers.TransferEncodingChunked);
        using var reader = new StreamReader(await ndjson.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var count = 0;
        var ids = new HashSet<Guid>();
        long previous = 0;
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line && count <= EventCount)
        {
            using var document = JsonDocument.Parse(line);
            var sequence = document.RootElement.GetProperty("sequence").GetInt64();
            Assert.True(sequence > previous);
            previous = sequence;
            ids.Add(document.RootElement.GetProperty("id").GetGuid());
            count++;
        }

        Assert.Equal(EventCount, count);
        Assert.Equal(EventCount, ids.Count);

        using var csv = await client.GetAsync($"{Api.Logs}/export?format=csv&src_service={service}", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var text = await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(EventCount + 1, Csv.Parse(text).Count);
    }
}
