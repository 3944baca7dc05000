using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Analytics;

public sealed class AnalyticsTenantTests(AnalyticsFactory factory) : IClassFixture<AnalyticsFactory>
{
    [Fact]
    public async Task Each_tenant_sees_only_its_own_requests_in_every_operation()
    {
        var a = IdentityApi.BearerClient(factory, (await IdentityApi.CreateKeyAsync(factory, await IdentityApi.CreateTenantAsync(factory, IdentityApi.UniqueTenantId("a")), [Scopes.Ingest, Scopes.Read])).Secret);
        var b = IdentityApi.BearerClient(factory, (await IdentityApi.CreateKeyAsync(factory, await IdentityApi.CreateTenantAsync(factory, IdentityApi.UniqueTenantId("b")), [Scopes.Ingest, Scopes.Read])).Secret);
        var service = Api.Unique("svc");
        var ten = factory.Yesterday.AddHours(10);
        await AnalyticsHttp.ReportAsync(a, service, AnalyticsExactnessTests.SeedFixture(ten));
        await AnalyticsHttp.ReportAsync(b, service, [new(ten.AddMinutes(30), "PUT", "/only-b", 200, 2_000, "key:b")]);
        var range = AnalyticsHttp.Range(service, ten, ten.AddHours(1));

        var summaryA = await AnalyticsHttp.GetAsync(a, "summary", range);
        var summaryB = await AnalyticsHttp.GetAsync(b, "summary", range);
        var withoutService = await AnalyticsHttp.GetAsync(b, "most-used", $"from={Uri.EscapeDataString(AnalyticsHttp.Timestamp(ten))}&to={Uri.EscapeDataString(AnalyticsHttp.Timestamp(ten.AddHours(1)))}&limit=1000");
        var consumersB = await AnalyticsHttp.GetAsync(b, "consumers", range);
        var seriesB = await AnalyticsHttp.GetAsync(b, "timeseries", range + "&group_by=endpoint");
        var defaultTenant = await AnalyticsHttp.GetAsync(factory.CreateClient(), "summary", range);

        Assert.Equal(7, summaryA.GetProperty("total").GetInt64());
        Assert.Equal(1, summaryB.GetProperty("total").GetInt64());
        Assert.Equal(["/only-b"], AnalyticsHttp.Items(withoutService, "endpoints").Select(e => e.GetProperty("endpoint").GetString()));
        Assert.Equal(["key:b"], AnalyticsHttp.Items(consumersB, "consumers").Select(c => c.GetProperty("consumer").GetString()));
        Assert.Equal(["/only-b"], AnalyticsHttp.Items(seriesB, "series").Select(s => s.GetProperty("endpoint").GetString()));
        Assert.Equal(0, defaultTenant.GetProperty("total").GetInt64());
    }
}
