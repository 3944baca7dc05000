using System.Globalization;
using System.Text.Json;

namespace Tollgate.AnalyticsLoad;

/// <summary>
/// Compares answers with what the generator sent, exactly: over 30 days the summary's totals, the most-used endpoints
/// and every consumer's requests; over the last day the records inside the range the answer says it covers.
/// </summary>
internal static class AnswerChecks
{
    private const int MonthHours = 720;

    public static async Task<IReadOnlyList<AnswerCheck>> RunAsync(QueryRunner queries, RequestSeries series, SeriesTotals sent, CancellationToken cancellationToken)
    {
        var checks = new List<AnswerCheck>();
        using (var month = await GetAsync(queries, $"/api/analytics/summary?hours={MonthHours}", cancellationToken))
        {
            var summary = month.RootElement;
            checks.Add(Same($"summary hours={MonthHours}: total", sent.Records, summary.GetProperty("total").GetInt64()));
            checks.Add(Same($"summary hours={MonthHours}: errors", sent.Errors, summary.GetProperty("errors").GetInt64()));
            checks.Add(Same($"summary hours={MonthHours}: server_errors", sent.ServerErrors, summary.GetProperty("server_errors").GetInt64()));
            checks.Add(Same($"summary hours={MonthHours}: unique_endpoints", sent.Endpoints.Count, summary.GetProperty("unique_endpoints").GetInt64()));
        }

        using (var day = await GetAsync(queries, "/api/analytics/summary?hours=24", cancellationToken))
        {
            var summary = day.RootElement;
            var from = summary.GetProperty("from").GetDateTimeOffset();
            var to = summary.GetProperty("to").GetDateTimeOffset();
            checks.Add(Same($"summary hours=24: total in [{from:yyyy-MM-dd HH:mm}, {to:yyyy-MM-dd HH:mm})", series.CountFrom(from) - series.CountFrom(to), summary.GetProperty("total").GetInt64()));
        }

        const int top = 10;
        using (var mostUsed = await GetAsync(queries, $"/api/analytics/most-used?limit={top}&hours={MonthHours}", cancellationToken))
        {
            var answered = mostUsed.RootElement.GetProperty("endpoints").EnumerateArray()
                .Select(e => (SeriesTotals.EndpointKey(e.GetProperty("method").GetString()!, e.GetProperty("endpoint").GetString()!), e.GetProperty("count").GetInt64()))
                .ToArray();
            checks.Add(SameList($"most-used limit={top} hours={MonthHours}: endpoints and counts", [.. sent.Endpoints.OrderByDescending(e => e.Value).Take(top).Select(e => (e.Key, e.Value))], answered));
        }

        using (var consumers = await GetAsync(queries, $"/api/analytics/consumers?hours={MonthHours}", cancellationToken))
        {
            var answered = consumers.RootElement.GetProperty("consumers").EnumerateArray()
                .Select(c => (c.GetProperty("consumer").GetString() ?? SeriesTotals.Anonymous, c.GetProperty("requests").GetInt64()))
                .ToArray();
            checks.Add(SameList($"consumers hours={MonthHours}: consumers and requests", [.. sent.Consumers.OrderByDescending(c => c.Value).Select(c => (c.Key, c.Value))], answered));
        }

        return checks;
    }

    private static async Task<JsonDocument> GetAsync(QueryRunner queries, string path, CancellationToken cancellationToken) =>
        JsonDocument.Parse(await queries.GetAsync(path, cancellationToken));

    private static AnswerCheck Same(string what, long expected, long actual) =>
        new(what, expected.ToString("N0", CultureInfo.InvariantCulture), actual.ToString("N0", CultureInfo.InvariantCulture), expected == actual);

    /// <summary>
    /// Two ranked lists of (name, count), ties put in name order in both; the answer is shown as "the same" or its first
    /// difference.
    /// </summary>
    private static AnswerCheck SameList(string what, (string Name, long Count)[] expected, (string Name, long Count)[] actual)
    {
        expected = Ranked(expected);
        actual = Ranked(actual);
        var summary = $"{expected.Length} entries, first {Describe(expected.FirstOrDefault())}";
        if (expected.SequenceEqual(actual))
        {
            return new AnswerCheck(what, summary, "the same", Passed: true);
        }

        var at = Enumerable.Range(0, Math.Max(expected.Length, actual.Length))
            .First(i => i >= expected.Length || i >= actual.Length || expected[i] != actual[i]);
        var difference = $"{actual.Length} entries; #{at + 1} is {(at < actual.Length ? Describe(actual[at]) : "missing")}, sent {(at < expected.Length ? Describe(expected[at]) : "none")}";
        return new AnswerCheck(what, summary, difference, Passed: false);
    }

    private static (string Name, long Count)[] Ranked((string Name, long Count)[] entries) =>
        [.. entries.OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.Ordinal)];

    private static string Describe((string Name, long Count) entry) =>
        entry.Name is null ? "none" : string.Create(CultureInfo.InvariantCulture, $"{entry.Name} ({entry.Count:N0})");
}
