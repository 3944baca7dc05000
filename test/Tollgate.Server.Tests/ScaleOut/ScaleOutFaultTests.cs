using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Gateway;

namespace Tollgate.Server.Tests.ScaleOut;

/// <summary>
/// Faults in a scaled-out deployment with real servers and real processes on loopback: a collector killed mid-stream,
/// PostgreSQL stopped under load, Redis stopped. What was acknowledged must be stored exactly once, and the chain must
/// verify. These tests start several processes each, so they run alone.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class ScaleOutFaultTests
{
    private const int BatchSize = 500;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Killing_a_collector_midway_through_100k_events_loses_and_duplicates_nothing()
    {
        const int total = 100_000;
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var cluster = await ScaleOutCluster.StartAsync(cancellationToken);
        var ingestA = await cluster.StartNodeAsync("ingest-a", "gateway,ingest", cancellationToken);
        var ingestB = await cluster.StartNodeAsync("ingest-b", "gateway,ingest", cancellationToken);
        var doomed = await cluster.StartNodeAsync("collector-a", "collector", cancellationToken);
        await cluster.StartNodeAsync("collector-b", "collector", cancellationToken);
        var query = await cluster.StartNodeAsync("query", "query", cancellationToken);

        using var clientA = ingestA.CreateClient();
        using var clientB = ingestB.CreateClient();
        var sent = 0;
        var killed = false;
        for (var batch = 0; batch < total / BatchSize; batch++)
        {
            var client = batch % 2 == 0 ? clientA : clientB;
            using var response = await client.PostAsync("/api/v1/logs/bulk", Events(batch * BatchSize, BatchSize, "kill"), cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"batch {batch}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            sent += BatchSize;
            if (!killed && sent >= total / 2)
            {
                // Midway: whatever collector-a has read but not acknowledged must be claimed by collector-b.
                await doomed.KillAsync();
                killed = true;
            }
        }

        var stored = await WaitForStoredAsync(cluster, total, cancellationToken);
        Assert.True(stored == total, $"{stored} of {total} events stored.\n{cluster.Output}");
        Assert.Equal(total, await cluster.QueryScalarAsync("SELECT count(DISTINCT id) FROM audit_events", cancellationToken));
        Assert.Equal(total, await cluster.QueryScalarAsync("SELECT count(DISTINCT user_id) FROM audit_events", cancellationToken));
        await AssertChainVerifiesAsync(query, total, cancellationToken);
    }

    [Fact]
    public async Task Ingest_keeps_accepting_while_PostgreSQL_is_down_and_nothing_is_lost_when_it_returns()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var cluster = await ScaleOutCluster.StartAsync(cancellationToken);
        var ingest = await cluster.StartNodeAsync("ingest", "ingest", cancellationToken);
        await cluster.StartNodeAsync("collector", "collector", cancellationToken);
        var query = await cluster.StartNodeAsync("query", "query", cancellationToken);
        using var client = ingest.CreateClient();
        using var anonymous = new HttpClient { BaseAddress = ingest.Address };

        var sent = 0;
        sent += await SendForAsync(client, sent, TimeSpan.FromSeconds(3), cancellationToken);
        await WaitForStoredAsync(cluster, sent, cancellationToken);

        await cluster.Postgres.StopAsync(cancellationToken);
        var outage = Stopwatch.StartNew();
        sent += await SendForAsync(client, sent, TimeSpan.FromSeconds(5), cancellationToken);
        using (var ready = await anonymous.GetAsync("/health/ready", cancellationToken))
        {
            var report = await ready.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("degraded", report.GetProperty("checks").GetProperty("audit-store").GetString());
        }

        // A query node cannot answer without the database: it leaves the load balancer.
        using (var queryReady = await anonymous.GetAsync(new Uri(query.Address, "/health/ready"), cancellationToken))
        {
            var report = await queryReady.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, queryReady.StatusCode);
            Assert.Equal("unhealthy", report.GetProperty("checks").GetProperty("audit-store").GetString());
        }

        while (outage.Elapsed < TimeSpan.FromSeconds(30))
        {
            sent += await SendForAsync(client, sent, TimeSpan.FromSeconds(30) - outage.Elapsed, cancellationToken);
        }

        await cluster.Postgres.StartAsync(cancellationToken);
        var stored = await WaitForStoredAsync(cluster, sent, cancellationToken);
        Assert.True(stored == sent, $"{stored} of {sent} events stored.\n{cluster.Output}");
        Assert.Equal(sent, await cluster.QueryScalarAsync("SELECT count(DISTINCT id) FROM audit_events", cancellationToken));
        using (var ready = await anonymous.GetAsync("/health/ready", cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // As a load balancer would: ask the query node only once it reports ready again (its first use of a pooled
        // connection that the outage broke fails once and clears the pool).
        await WaitForAsync(
            async () =>
            {
                using var ready = await anonymous.GetAsync(new Uri(query.Address, "/health/ready"), cancellationToken);
                return (long)ready.StatusCode;
            },
            status => status == (long)HttpStatusCode.OK,
            cancellationToken);
        await AssertChainVerifiesAsync(query, sent, cancellationToken);
    }

    [Fact]
    public async Task With_Redis_down_ingest_answers_503_the_gateway_keeps_proxying_and_both_recover_without_restart()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var upstream = await Upstream.StartAsync();
        await using var cluster = await ScaleOutCluster.StartAsync(cancellationToken);
        var routes = new Dictionary<string, string>
        {
            ["Gateway:Routes:hello:ClusterId"] = "upstream",
            ["Gateway:Routes:hello:Match:Path"] = "/hello",
            ["Gateway:Routes:hello:Policy:Auth"] = "none",
            ["Gateway:Clusters:upstream:Destinations:one:Address"] = upstream.Address,
            ["Pipeline:Capture:MaxWriteAttempts"] = "2",
        };
        var node = await cluster.StartNodeAsync("all", "gateway,ingest,collector,query", cancellationToken, routes);
        using var client = node.CreateClient();

        using (var before = await client.PostAsync("/api/v1/logs/bulk", Events(0, 10, "redis"), cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        }

        await cluster.Redis.StopAsync(cancellationToken);
        using (var ready = await client.GetAsync("/health/ready", cancellationToken))
        {
            // This node ingests, which it cannot do without Redis.
            var report = await ready.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("unhealthy", report.GetProperty("checks").GetProperty("redis").GetString());
        }

        using (var refused = await client.PostAsync("/api/v1/logs/bulk", Events(10, 10, "redis"), cancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        using (var refusedSingle = await client.PostAsync("/api/v1/logs", Json("""{"user_id":"u","event_type":"redis.single","src_service":"fault"}"""), cancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedSingle.StatusCode);
        }

        for (var i = 0; i < 20; i++)
        {
            using var proxied = await client.GetAsync("/hello", cancellationToken);
            Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        }

        var lost = await WaitForAsync(
            async () =>
            {
                using var status = await client.GetFromJsonAsync<JsonDocument>("/api/v1/pipeline", cancellationToken);
                var capture = status!.RootElement.GetProperty("capture");
                return capture.GetProperty("dropped").GetInt64() + capture.GetProperty("failed").GetInt64();
            },
            count => count >= 20,
            cancellationToken);
        Assert.True(lost >= 20, $"the gateway counted {lost} lost captures of 20.\n{cluster.Output}");

        await cluster.Redis.StartAsync(cancellationToken);
        var accepted = await WaitForAsync(
            async () =>
            {
                using var after = await client.PostAsync("/api/v1/logs/bulk", Events(20, 10, "redis"), cancellationToken);
                return (long)after.StatusCode;
            },
            status => status == (long)HttpStatusCode.Accepted,
            cancellationToken);
        Assert.Equal((long)HttpStatusCode.Accepted, accepted);
        var stored = await WaitForStoredAsync(cluster, 20, cancellationToken);
        Assert.Equal(20, stored);
    }

    private static StringContent Events(int first, int count, string kind)
    {
        var json = new StringBuilder("[");
        for (var i = first; i < first + count; i++)
        {
            json.Append(i == first ? "" : ",")
                .Append("{\"user_id\":\"user-").Append(i)
                .Append("\",\"event_type\":\"fault.").Append(kind)
                .Append("\",\"src_service\":\"scale-out-test\",\"target\":\"order-").Append(i).Append("\"}");
        }

        return Json(json.Append(']').ToString());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Sends batches of 100 for <paramref name="duration"/>; every one must be accepted.</summary>
    private static async Task<int> SendForAsync(HttpClient client, int first, TimeSpan duration, CancellationToken cancellationToken)
    {
        const int size = 100;
        var sent = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            using var response = await client.PostAsync("/api/v1/logs/bulk", Events(first + sent, size, "outage"), cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            sent += size;
            await Task.Delay(50, cancellationToken);
        }

        return sent;
    }

    /// <summary>Waits until at least <paramref name="expected"/> events are stored, then reads once more a second later, so anything stored twice shows.</summary>
    private static async Task<long> WaitForStoredAsync(ScaleOutCluster cluster, long expected, CancellationToken cancellationToken)
    {
        async Task<long> CountAsync()
        {
            try
            {
                return await cluster.QueryScalarAsync("SELECT count(*) FROM audit_events", cancellationToken);
            }
            catch (Npgsql.NpgsqlException)
            {
                return -1;
            }
        }

        await WaitForAsync(CountAsync, count => count >= expected, cancellationToken);
        await Task.Delay(1000, cancellationToken);
        return await CountAsync();
    }

    /// <summary>Calls <paramref name="read"/> until <paramref name="done"/> holds or the drain timeout passes; returns the last value.</summary>
    private static async Task<long> WaitForAsync(Func<Task<long>> read, Func<long, bool> done, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var value = await read();
        while (!done(value) && clock.Elapsed < DrainTimeout)
        {
            await Task.Delay(250, cancellationToken);
            value = await read();
        }

        return value;
    }

    private static async Task AssertChainVerifiesAsync(ScaleOutNode query, long expected, CancellationToken cancellationToken)
    {
        using var client = query.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(2);
        using var verify = await client.GetFromJsonAsync<JsonDocument>("/api/v1/logs/verify", cancellationToken);
        var result = verify!.RootElement;
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(expected, result.GetProperty("verified").GetInt64());
        Assert.Equal(expected, result.GetProperty("head").GetProperty("sequence").GetInt64());
    }
}
