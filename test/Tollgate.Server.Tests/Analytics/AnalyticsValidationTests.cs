using System.Net;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Analytics;

/// <summary>Bad parameters answer 400 naming the parameter; calls without credentials or the read scope are refused.</summary>
public sealed class AnalyticsValidationTests(AnalyticsFactory factory) : IClassFixture<AnalyticsFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    public static TheoryData<string, string, string> BadParameters => new()
    {
        { "summary", "hours=0", "hours" },
        { "summary", "hours=8785", "hours" },
        { "summary", "hours=abc", "hours" },
        { "error-rates", "hours=-1", "hours" },
        { "most-used", "limit=0", "limit" },
        { "most-used", "limit=1001", "limit" },
        { "response-times", "limit=1001", "limit" },
        { "consumers", "limit=0", "limit" },
        { "timeseries", "limit=101", "limit" },
        { "timeseries", "metric=p90", "metric" },
        { "timeseries", "interval=2m", "interval" },
        { "timeseries", "group_by=path", "group_by" },
        { "timeseries", "metric=COUNT", "metric" },
        { "summary", "from=2026-01-01T00:00:00Z&hours=2", "hours" },
        { "most-used", "from=2026-01-02T00:00:00Z&to=2026-01-02T00:00:00Z", "to" },
        { "error-rates", "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to" },
        { "consumers", "from=2999-01-01T00:00:00Z", "to" },
        { "response-times", "from=2024-01-01T00:00:00Z&to=2025-01-02T00:00:00Z", "from" },
        { "summary", "from=yesterday", "from" },
        { "summary", "to=2026-01-01", "to" },
        { "timeseries", "service=" + "s" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "service" },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public async Task Bad_parameter_is_refused_naming_it(string endpoint, string query, string field)
    {
        using var response = await client.GetAsync($"{AnalyticsHttp.Prefix}/{endpoint}?{query}", TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-query-parameter");
        Assert.Equal([(null, field)], ProblemAssert.Errors(problem));
        Assert.Contains($"\"{field}\"", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bad_parameter_is_listed_and_unknown_names_list_the_allowed_ones()
    {
        using var response = await client.GetAsync($"{AnalyticsHttp.Prefix}/timeseries?metric=median&interval=1w&group_by=route&hours=0", TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-query-parameter");
        Assert.Equal([(null, "hours"), (null, "metric"), (null, "interval"), (null, "group_by")], ProblemAssert.Errors(problem));
        var messages = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()).ToList();
        Assert.Contains("count, errors, error_rate, p50, p95, p99, avg_latency, bytes", messages[1], StringComparison.Ordinal);
        Assert.Contains("1m, 5m, 1h, 1d", messages[2], StringComparison.Ordinal);
        Assert.Contains("service, endpoint, status_class, consumer", messages[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Minute_interval_before_the_minute_retention_is_refused_pointing_to_hours()
    {
        var from = factory.Now.AddDays(-8);

        using var response = await client.GetAsync(
            $"{AnalyticsHttp.Prefix}/timeseries?interval=5m&from={Uri.EscapeDataString(AnalyticsHttp.Timestamp(from))}&to={Uri.EscapeDataString(AnalyticsHttp.Timestamp(from.AddHours(1)))}",
            TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-query-parameter");
        Assert.Equal([(null, "interval")], ProblemAssert.Errors(problem));
        Assert.Contains("interval=1h or 1d", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_points_are_refused_naming_a_coarser_interval()
    {
        using var response = await client.GetAsync($"{AnalyticsHttp.Prefix}/timeseries?interval=1m&hours=48", TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid-query-parameter");
        Assert.Equal([(null, "interval")], ProblemAssert.Errors(problem));
        Assert.Contains("2,881 points per series", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Use interval=5m or coarser", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string> Endpoints => [.. AnalyticsHttp.Endpoints];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Anonymous_call_is_unauthenticated(string endpoint)
    {
        using var anonymous = factory.CreateAnonymousClient();

        using var response = await anonymous.GetAsync($"{AnalyticsHttp.Prefix}/{endpoint}", TestContext.Current.CancellationToken);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Key_without_the_read_scope_is_forbidden(string endpoint)
    {
        using var ingestOnly = IdentityApi.BearerClient(factory, await factory.CreateApiKeyAsync(Tenants.Default, [Scopes.Ingest, Scopes.Admin]));

        using var response = await ingestOnly.GetAsync($"{AnalyticsHttp.Prefix}/{endpoint}", TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains(Scopes.Read, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Defaults_cover_the_last_24_hours(string endpoint)
    {
        var answer = await AnalyticsHttp.GetAsync(client, endpoint, $"service={Api.Unique("svc")}");

        var from = DateTimeOffset.Parse(answer.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var to = DateTimeOffset.Parse(answer.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(to - from, TimeSpan.FromHours(24), TimeSpan.FromHours(24).Add(TimeSpan.FromMinutes(5)));
        Assert.InRange(factory.Now, from, to);
    }
}
