using System.Net;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

public sealed class ApiKeyExpiryTests(FakeClockFactory factory) : IClassFixture<FakeClockFactory>
{
    [Fact]
    public async Task Expired_key_is_refused_with_401()
    {
        var clock = factory.Clock!;
        var key = await factory.CreateApiKeyAsync(Tenants.Default, [Scopes.Read], expiresAt: clock.GetUtcNow().AddHours(1));
        using var client = IdentityApi.BearerClient(factory, key);
        await Api.GetJsonAsync(client, Api.Logs);

        clock.Advance(TimeSpan.FromMinutes(59));
        await Api.GetJsonAsync(client, Api.Logs);
        clock.Advance(TimeSpan.FromMinutes(1));
        using var response = await client.GetAsync(Api.Logs, TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
