using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Audit;

public sealed class StatsTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Stats_count_by_type_by_service_and_per_hour()
    {
        var web = Api.Unique("web");
        var api = Api.Unique("api");
        await Api.CreateBulkAsync(client,
        [
            Api.Event(web, eventType: "login", timestamp: "2001-03-01T10:05:00Z"),
            Api.Event(web, eventType: "login", timestamp: "2001-03-01T10:59:59.999999Z"),
            Api.Event(api, eventType: "logout", timestamp: "2001-03-01T11:00:00Z"),
            Api.Event(web, eventType: "login", timestamp: "2001-03-01T13:30:00Z"),
            Api.Event(web, eventType: "login", timestamp: "2001-03-02T00:00:00Z"),
        ]);

        var stats = await Api.GetJsonAsync(client, $"{Api.Logs}/stats?from=2001-03-01T00:00:00Z&to=2001-03-02T00:00:00Z&interval=hour");

        Assert.Equal(4, stats.GetProperty("total").GetInt64());
        Assert.Equal(
            [("login", 3L), ("logout", 1L)],
            stats.GetProperty("by_event_type").EnumerateArray().Select(e => (e.GetProperty("event_type").GetString(), e.GetProperty("count").GetInt64())));
        Assert.Equal(
            [(web, 3L), (api, 1L)],
            stats.GetProperty("by_src_service").EnumerateArray().Select(e => (e.GetProperty("src_service").GetString(), e.GetProperty("count").GetInt64())));
        Assert.Equal(
            [("2001-03-01T10:00:00.000000Z", 2L), ("2001-03-01T11:00:00.000000Z", 1L), ("2001-03-01T13:00:00.000000Z", 1L)],
            stats.GetProperty("over_time").EnumerateArray().Select(e => (e.GetProperty("bucket").GetString(), e.GetProperty("count").GetInt64())));
        Assert.Equal("2001-03-01T00:00:00.000000Z", stats.GetProperty("from").GetString());
        Assert.Equal("2001-03-02T00:00:00.000000Z", stats.GetProperty("to").GetString());
        Assert.Equal("hour", stats.GetProperty("interval").GetString());
    }

    [Fact]
    public async Task Stats_bucket_per_day()
    {
        var service = Api.Unique("svc");
        await Api.CreateBulkAsync(client,
        [
            Api.Event(service, timestamp: "2002-06-01T00:00:00Z"),
            Api.Event(service, timestamp: "2002-06-01T23:59:59Z"),
            Api.Event(service, timestamp: "2002-06-03T12:00:00Z"),
        ]);

        var stats = await Api.GetJsonAsync(client, $"{Api.Logs}/stats?from=2002-06-01T00:00:00Z&to=2002-07-01T00:00:00Z&interval=day");

        Assert.Equal(3, stats.GetProperty("total").GetInt64());
        Assert.Equal(
            [("2002-06-01T00:00:00.000000Z", 2L), ("2002-06-03T00:00:00.000000Z", 1L)],
            stats.GetProperty("over_time").EnumerateArray().Select(e => (e.GetProperty("bucket").GetString(), e.GetProperty("count").GetInt64())));
        Assert.Equal("day", stats.GetProperty("interval").GetString());
    }

    [Fact]
    public async Task Stats_default_to_the_last_24_hours_per_hour()
    {
        await Api.CreateAsync(client, Api.Event(Api.Unique("svc")));

        var stats = await Api.GetJsonAsync(client, $"{Api.Logs}/stats");

        var from = DateTimeOffset.Parse(stats.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var to = DateTimeOffset.Parse(stats.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(24), to - from);
        Assert.InRange(DateTimeOffset.UtcNow - to, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Assert.Equal("hour", stats.GetProperty("interval").GetString());
        Assert.True(stats.GetProperty("total").GetInt64() >= 1);
    }

    [Theory]
    [InlineData("hour", 31)]
    [InlineData("day", 400)]
    public async Task Longest_allowed_range_is_accepted(string interval, int days)
    {
        var from = new DateTimeOffset(2003, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddDays(days);

        var stats = await Api.GetJsonAsync(client, $"{Api.Logs}/stats?interval={interval}&from={from:yyyy-MM-dd'T'HH:mm:ss'Z'}&to={to:yyyy-MM-dd'T'HH:mm:ss'Z'}");

        Assert.Equal(0, stats.GetProperty("total").GetInt64());
    }
}
