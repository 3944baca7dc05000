using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Requests;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Gateway;

/// <summary>Reads what the gateway captured; captures are written in the background, so this waits for them.</summary>
public static class Captures
{
    /// <summary>The stored capture (with its detail) of the request with <paramref name="requestId"/>, waiting up to 10 s.</summary>
    public static async Task<RequestRecord> WaitForAsync(TollgateFactory factory, string requestId, string tenant = Core.Tenants.Default)
    {
        var store = factory.Services.GetRequiredService<IRequestStore>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var page = await store.QueryAsync(tenant, new RequestQuery(new RequestFilter { RequestId = requestId }, 1), CancellationToken.None);
            if (page.Items.Count == 1)
            {
                return (await store.GetAsync(tenant, page.Items[0].Id, CancellationToken.None))!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No capture of request {requestId} was stored within 10 s.");
            await Task.Delay(20);
        }
    }
}
