using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Audit;

public sealed class CrashSafetyTests
{
    private const int Clients = 4;
    private const int BatchSize = 500;
    private const int MaxBatchesPerClient = 400;
    private static readonly TimeSpan WriteWindow = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_acknowledged_event_survives_a_kill_exactly_once_and_the_chain_verifies()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var directory = new TempDirectory("crash-");
        var database = directory.Combine("data", "tollgate.db");
        var acknowledged = new ConcurrentBag<Guid>();
        var acknowledgedBatches = new ConcurrentBag<JsonArray>();
        var server = await ServerProcess.StartAsync(database, directory.Path, cancellationToken);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var clock = Stopwatch.StartNew();
            var writers = Enumerable.Range(0, Clients)
                .Select(client => Task.Run(() => WriteUntilFailureAsync(server, client, acknowledged, acknowledgedBatches, clock, stop.Token), cancellationToken))
                .ToArray();

            // Kill mid-stream: once a good number of batches is acknowledged and writes are still flowing.
            while (acknowledged.Count < Clients * BatchSize * 4 && clock.Elapsed < WriteWindow && !writers.All(w => w.IsCompleted))
            {
                await Task.Delay(20, cancellationToken);
            }

            var writing = writers.Count(w => !w.IsCompleted);
            await server.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            Assert.True(writing > 0, "Every writer had stopped before the kill, so nothing was cut off mid-stream.");
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.True(acknowledged.Count >= BatchSize, "No batch was acknowledged before the kill.");

        await using var restarted = await ServerProcess.StartAsync(database, directory.Path, cancellationToken);
        using var client = restarted.CreateClient();
        var stored = await ExportIdsAsync(client, cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"{acknowledged.Count} events acknowledged before the kill; {stored.Count} stored after the restart.");
        var counts = stored.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(acknowledged, id => Assert.Equal(1, counts.GetValueOrDefault(id)));
        Assert.All(counts, pair => Assert.Equal(1, pair.Value));

        var verify = await Api.GetJsonAsync(client, $"{Api.Logs}/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.GetRawText());
        Assert.Equal(stored.Count, verify.GetProperty("verified").GetInt64());

        // A client that never saw its acknowledgement retries: the retry is replayed, not stored again.
        var retried = acknowledgedBatches.First();
        using var retry = await client.PostAsync($"{Api.Logs}/bulk", Api.Json(retried), cancellationToken);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.All((await Api.ReadJsonAsync(retry)).GetProperty("items").EnumerateArray(), item => Assert.True(item.GetProperty("replayed").GetBoolean()));
        Assert.Equal(stored.Count, (await ExportIdsAsync(client, cancellationToken)).Count);
    }

    private static async Task WriteUntilFailureAsync(
        ServerProcess server,
        int clientNumber,
        ConcurrentBag<Guid> acknowledged,
        ConcurrentBag<JsonArray> acknowledgedBatches,
        Stopwatch clock,
        CancellationToken cancellationToken)
    {
        using var client = server.CreateClient();
        for (var batch = 0; batch < MaxBatchesPerClient && clock.Elapsed < WriteWindow && !cancellationToken.IsCancellationRequested; batch++)
        {
            var ids = Enumerable.Range(0, BatchSize).Select(_ => Guid.CreateVersion7()).ToList();
            var events = new JsonArray([.. ids.Select((id, i) =>
            {
                var e = Api.Event($"crash-{clientNumber}", userId: $"user-{batch}-{i}");
                e["id"] = id.ToString();
                return (JsonNode)e;
            })]);
            try
            {
                using var response = await client.PostAsync($"{Api.Logs}/bulk", Api.Json(events), cancellationToken);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    return;
                }

                var items = (await Api.ReadJsonAsync(response)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("event_id").GetGuid()).ToList();
                Assert.Equal(ids, items);
                foreach (var id in items)
                {
                    acknowledged.Add(id);
                }

                acknowledgedBatches.Add(events);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                return;
            }
        }
    }

    private static async Task<List<Guid>> ExportIdsAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"{Api.Logs}/export?format=ndjson", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var ids = new List<Guid>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line && ids.Count < 10_000_000)
        {
            using var document = JsonDocument.Parse(line);
            ids.Add(document.RootElement.GetProperty("id").GetGuid());
        }

        return ids;
    }
}
