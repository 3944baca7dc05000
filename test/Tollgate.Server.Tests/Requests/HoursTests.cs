using System.Globalization;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Requests;

public sealed class HoursTests(FakeClockFactory factory) : IClassFixture<FakeClockFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Window_defaults_to_the_last_hour_and_hours_widens_it()
    {
        var service = Api.Unique("svc");
        var now = factory.Clock!.GetUtcNow();
        var ids = await RequestsHttp.ReportAsync(client,
        [
            At(service, now.AddMinutes(-30)),
            At(service, now.AddMinutes(-90)),
            At(service, now.AddHours(-25)),
            At(service, now.AddHours(-1)),
        ]);

        Assert.Equal([ids[0], ids[3]], await IdsAsync($"service={service}"));
        Assert.Equal([ids[0], ids[3]], await IdsAsync($"service={service}&hours=1"));
        Assert.Equal([ids[0], ids[3], ids[1]], await IdsAsync($"service={service}&hours=2"));
        Assert.Equal([ids[0], ids[3], ids[1], ids[2]], await IdsAsync($"service={service}&hours=26"));
    }

    [Fact]
    public async Task Hours_count_back_from_the_time_of_each_call()
    {
        var service = Api.Unique("svc");
        var id = await RequestsHttp.ReportOneAsync(client, At(service, factory.Clock!.GetUtcNow()));

        var before = await IdsAsync($"service={service}");
        factory.Clock.Advance(TimeSpan.FromMinutes(61));
        var after = await IdsAsync($"service={service}");
        var wider = await IdsAsync($"service={service}&hours=2");

        Assert.Equal([id], before);
        Assert.Empty(after);
        Assert.Equal([id], wider);
    }

    private static JsonObject At(string service, DateTimeOffset timestamp) =>
        RequestsHttp.Record(service, timestamp: timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));

    private async Task<List<string>> IdsAsync(string query) =>
        [.. (await RequestsHttp.ListAsync(client, query)).Select(r => r.GetProperty("id").GetString()!)];
}
