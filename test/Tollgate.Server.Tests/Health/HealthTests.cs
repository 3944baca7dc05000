using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Storage.Sqlite;

namespace Tollgate.Server.Tests.Health;

public sealed class HealthTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    [Fact]
    public async Task Liveness_answers_200()
    {
        var status = await Api.GetJsonAsync(factory.CreateClient(), "/health");

        Assert.Equal("healthy", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_answers_200_when_the_store_answers()
    {
        var status = await Api.GetJsonAsync(factory.CreateClient(), "/health/ready");

        Assert.Equal("healthy", status.GetProperty("status").GetString());
        Assert.Equal("healthy", status.GetProperty("checks").GetProperty("audit-store").GetString());
    }

    [Fact]
    public async Task Readiness_answers_503_once_the_store_is_closed_while_liveness_stays_200()
    {
        await using var closing = new TollgateFactory();
        var client = closing.CreateClient();
        await closing.Services.GetRequiredService<SqliteAuditEventStore>().DisposeAsync();

        using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        using var live = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("unhealthy", (await Api.ReadJsonAsync(ready)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Writes_answer_503_store_unavailable_when_the_store_cannot_take_them()
    {
        await using var closing = new TollgateFactory();
        var client = closing.CreateClient();
        await closing.Services.GetRequiredService<SqliteAuditEventStore>().DisposeAsync();

        using var single = await Api.PostAsync(client, "/api/v1/logs", Api.Event("billing"));
        using var bulk = await Api.PostAsync(client, "/api/v1/logs/bulk", new System.Text.Json.Nodes.JsonArray(Api.Event("billing")));

        await ProblemAssert.IsAsync(single, HttpStatusCode.ServiceUnavailable, "store-unavailable");
        await ProblemAssert.IsAsync(bulk, HttpStatusCode.ServiceUnavailable, "store-unavailable");
    }
}
