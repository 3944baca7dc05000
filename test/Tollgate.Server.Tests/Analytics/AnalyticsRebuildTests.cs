using Tollgate.Core;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Analytics;

/// <summary>
/// <c>Tollgate.Server analytics rebuild</c> as an operator runs it: the server's own binary, settings in the environment,
/// against the database of a running server.
/// </summary>
public sealed class AnalyticsRebuildTests
{
    private static readonly string[] ClearedSettings = ["Storage__", "Analytics__", "TOLLGATE_BOOTSTRAP_ADMIN_"];

    [Fact]
    public async Task Rebuild_computes_from_raw_requests_what_the_store_did_not_keep_and_again_changes_nothing()
    {
        await using var factory = new RollupsOffFactory();
        var client = factory.CreateClient();
        var service = Api.Unique("svc");
        var ten = factory.Yesterday.AddHours(10);
        var sent = AnalyticsExactnessTests.SeedFixture(ten).Append(new(factory.Yesterday.AddDays(-2).AddHours(23).AddMinutes(59), "GET", "/users", 200, 50_000, "key:ci")).ToList();
        await AnalyticsHttp.ReportAsync(client, service, sent);
        var range = AnalyticsHttp.Range(service, factory.Yesterday.AddDays(-2), factory.Yesterday.AddDays(1));
        var before = await AnalyticsHttp.GetAsync(client, "summary", range);

        var rebuilt = await RebuildAsync(factory, "--from", Day(factory.Yesterday.AddDays(-2)), "--to", Day(factory.Yesterday.AddDays(1)), "--tenant", Tenants.Default);
        var first = await AnswersAsync(client, range);
        var again = await RebuildAsync(factory, "--from", Day(factory.Yesterday.AddDays(-2)), "--to", Day(factory.Yesterday.AddDays(1)));
        var second = await AnswersAsync(client, range);

        Assert.Equal(0, before.GetProperty("total").GetInt64());
        Assert.True(rebuilt.ExitCode == 0, rebuilt.Error);
        Assert.Contains($"tenant {Tenants.Default} from {AnalyticsHttp.Timestamp(factory.Yesterday.AddDays(-2))} to {AnalyticsHttp.Timestamp(factory.Yesterday.AddDays(1))}: 8 raw requests read", rebuilt.Output, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("every tenant", again.Output, StringComparison.Ordinal);
        AnalyticsHttp.AssertSummary(sent, first.Summary);
        Assert.Equal(
            [("key:ci", 5L), (null, 2L), ("user:ada", 1L)],
            AnalyticsHttp.Items(first.Consumers, "consumers").Select(c => (c.GetProperty("consumer").GetString(), c.GetProperty("requests").GetInt64())));
        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public async Task Rebuild_of_a_store_that_kept_its_rollups_gives_the_same_answers()
    {
        await using var factory = new AnalyticsFactory();
        var client = factory.CreateClient();
        var service = Api.Unique("svc");
        var ten = factory.Yesterday.AddHours(10);
        await AnalyticsHttp.ReportAsync(client, service, AnalyticsExactnessTests.SeedFixture(ten));
        var range = AnalyticsHttp.Range(service, ten.AddMinutes(-30), ten.AddHours(2));
        var before = await AnswersAsync(client, range);

        var rebuilt = await RebuildAsync(factory, "--from", AnalyticsHttp.Timestamp(ten), "--to", AnalyticsHttp.Timestamp(ten.AddMinutes(1)));
        var after = await AnswersAsync(client, range);

        Assert.True(rebuilt.ExitCode == 0, rebuilt.Error);
        Assert.Equal(7, before.Summary.GetProperty("total").GetInt64());
        Assert.Equal(before.Text, after.Text);
    }

    [Fact]
    public async Task Rebuild_from_before_the_raw_retention_is_refused_unless_forced()
    {
        await using var directory = new TempDirectory("rebuild-");
        var environment = new Dictionary<string, string>
        {
            ["Storage__Sqlite__Path"] = directory.Combine("tollgate.db"),
            ["Storage__Sqlite__RequestRetentionDays"] = "30",
        };
        var old = AnalyticsHttp.Timestamp(DateTimeOffset.UtcNow.AddDays(-31));
        var recent = AnalyticsHttp.Timestamp(DateTimeOffset.UtcNow.AddDays(-28));

        var refused = await ServerCommand.RunAsync(environment, ClearedSettings, null, "analytics", "rebuild", "--from", old, "--to", recent);
        var untouched = !File.Exists(directory.Combine("tollgate.db"));
        var forced = await ServerCommand.RunAsync(environment, ClearedSettings, null, "analytics", "rebuild", "--from", old, "--to", recent, "--force");
        var within = await ServerCommand.RunAsync(environment, ClearedSettings, null, "analytics", "rebuild", "--from", recent, "--to", AnalyticsHttp.Timestamp(DateTimeOffset.UtcNow));

        Assert.Equal((1, ""), (refused.ExitCode, refused.Output));
        Assert.Contains("Storage:Sqlite:RequestRetentionDays", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.True(untouched, "A refused rebuild must not even create the store.");
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.Contains("0 raw requests read", forced.Output, StringComparison.Ordinal);
        Assert.True(within.ExitCode == 0, within.Error);
    }

    public static TheoryData<string[], string> BadArguments => new()
    {
        { ["--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z"], "--to must be later than --from" },
        { ["--from", "yesterday", "--to", "2026-01-01T00:00:00Z"], "--from \"yesterday\" is not an RFC 3339 date-time" },
        { ["--from", "2026-01-01T00:00:00Z", "--to", "2026-01-02T00:00:00Z", "--tenant", "Not A Tenant"], "--tenant \"Not A Tenant\" is not a tenant id" },
        { ["--to", "2026-01-02T00:00:00Z"], "--from" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Bad_arguments_are_refused_with_a_message(string[] arguments, string message)
    {
        await using var directory = new TempDirectory("rebuild-");
        var environment = new Dictionary<string, string> { ["Storage__Sqlite__Path"] = directory.Combine("tollgate.db") };

        var (exitCode, output, error) = await ServerCommand.RunAsync(environment, ClearedSettings, null, ["analytics", "rebuild", .. arguments]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, output + error, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output, string Error)> RebuildAsync(TollgateFactory factory, params string[] arguments) =>
        ServerCommand.RunAsync(
            new Dictionary<string, string> { ["Storage__Sqlite__Path"] = factory.DatabasePath, ["Storage__Sqlite__RequestRetentionDays"] = "0" },
            ClearedSettings,
            null,
            ["analytics", "rebuild", .. arguments]);

    private static string Day(DateTimeOffset day) => AnalyticsHttp.Timestamp(day);

    /// <summary>Every operation's answer over <paramref name="range"/>, and all of them as one text to compare.</summary>
    private static async Task<(System.Text.Json.JsonElement Summary, System.Text.Json.JsonElement Consumers, string Text)> AnswersAsync(HttpClient client, string range)
    {
        var answers = new List<System.Text.Json.JsonElement>();
        foreach (var endpoint in AnalyticsHttp.Endpoints)
        {
            answers.Add(await AnalyticsHttp.GetAsync(client, endpoint, range + (endpoint == "timeseries" ? "&interval=1h&metric=p95&group_by=endpoint" : string.Empty)));
        }

        return (answers[0], answers[4], string.Join('\n', answers.Select(a => a.GetRawText())));
    }
}
