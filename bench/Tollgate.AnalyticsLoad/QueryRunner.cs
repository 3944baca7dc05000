using System.Diagnostics;
using System.Net;
using System.Text;
using Tollgate.LoadHarness;

namespace Tollgate.AnalyticsLoad;

/// <summary>
/// Measures the analytics endpoints as a dashboard calls them, with a <c>read</c> key: summary, most-used, error-rates,
/// response-times, consumers and two time series, over the last 24 hours and the last 30 days. Calls are sequential
/// (one in flight), in rounds that call every endpoint and range once, so background noise falls on all alike:
/// <see cref="WarmupRounds"/> rounds first, then the measured ones.
/// </summary>
internal sealed class QueryRunner(AnalyticsServer server) : IDisposable
{
    /// <summary>The ranges measured, in hours: a day (minute rollups) and 30 days (day and hour rollups).</summary>
    public static readonly int[] Ranges = [24, 720];

    public const int WarmupRounds = 3;

    private readonly HttpClient _client = LoadClients.Create(server.BaseAddress, server.ReadKey);

    /// <summary>The calls of one range; time series at the interval the server would choose for it.</summary>
    public static IReadOnlyList<(string Endpoint, string Path)> Calls(int hours)
    {
        var interval = hours <= 48 ? "5m" : "1h";
        return
        [
            ("summary", $"/api/analytics/summary?hours={hours}"),
            ("most-used", $"/api/analytics/most-used?limit=10&hours={hours}"),
            ("error-rates", $"/api/analytics/error-rates?hours={hours}"),
            ("response-times", $"/api/analytics/response-times?hours={hours}"),
            ("consumers", $"/api/analytics/consumers?hours={hours}"),
            ("timeseries p95 by service", $"/api/analytics/timeseries?metric=p95&interval={interval}&group_by=service&hours={hours}"),
            ("timeseries count", $"/api/analytics/timeseries?metric=count&interval={interval}&hours={hours}"),
            ("timeseries count by endpoint", $"/api/analytics/timeseries?metric=count&interval={interval}&group_by=endpoint&hours={hours}"),
            ("timeseries p95 by consumer", $"/api/analytics/timeseries?metric=p95&interval={interval}&group_by=consumer&hours={hours}"),
        ];
    }

    public async Task<IReadOnlyList<QueryLatency>> RunAsync(int rounds, CancellationToken cancellationToken)
    {
        var calls = Ranges.SelectMany(hours => Calls(hours).Select(call => (call.Endpoint, Hours: hours, call.Path))).ToArray();
        var samples = calls.Select(_ => new long[rounds]).ToArray();
        var sizes = new long[calls.Length];
        for (var round = -WarmupRounds; round < rounds; round++)
        {
            for (var c = 0; c < calls.Length; c++)
            {
                var started = Stopwatch.GetTimestamp();
                var body = await GetAsync(calls[c].Path, cancellationToken);
                var elapsed = Stopwatch.GetTimestamp() - started;
                if (round >= 0)
                {
                    samples[c][round] = elapsed;
                    sizes[c] = body.Length;
                }
            }
        }

        return calls.Select((call, c) =>
        {
            var sorted = samples[c].Order().ToArray();
            return new QueryLatency(
                call.Endpoint,
                call.Hours,
                call.Path,
                rounds,
                Milliseconds(Statistics.Median(sorted.Select(t => (double)t).ToArray())),
                Milliseconds(Statistics.Percentile(sorted, 90)),
                Milliseconds(sorted[^1]),
                sizes[c]);
        }).ToArray();
    }

    /// <summary>The body of a 200 to GET <paramref name="path"/>; throws with the answer otherwise.</summary>
    public async Task<byte[]> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var text = Encoding.UTF8.GetString(body);
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 600)]}");
        }

        return body;
    }

    public void Dispose() => _client.Dispose();

    private static double Milliseconds(double ticks) => ticks * 1_000.0 / Stopwatch.Frequency;
}
