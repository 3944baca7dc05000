using System.Text.Json.Nodes;
using Tollgate.Core.Identity;
using Tollgate.Identity.ApiKeys;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

/// <summary>A fresh tenant with an admin key, a reader key and a few events of its own.</summary>
/// <param name="Id">The tenant id.</param>
/// <param name="Admin">A key with every tenant scope.</param>
/// <param name="Reader">A read-only key.</param>
/// <param name="UserId">The user_id of every event of the tenant.</param>
/// <param name="Service">The src_service of every event of the tenant.</param>
/// <param name="EventIds">The tenant's events, oldest first.</param>
public sealed record IsolatedTenant(string Id, CreatedApiKey Admin, CreatedApiKey Reader, string UserId, string Service, IReadOnlyList<string> EventIds)
{
    /// <summary>Creates the tenant, its keys and <paramref name="events"/> events through the API.</summary>
    public static async Task<IsolatedTenant> CreateAsync(TollgateFactory factory, string prefix, int events)
    {
        var id = await IdentityApi.CreateTenantAsync(factory, IdentityApi.UniqueTenantId(prefix));
        var admin = await IdentityApi.CreateKeyAsync(factory, id, [Scopes.Ingest, Scopes.Read, Scopes.Admin]);
        var reader = await IdentityApi.CreateKeyAsync(factory, id, [Scopes.Read]);
        var userId = Api.Unique(prefix + "-user");
        var service = Api.Unique(prefix + "-svc");
        var result = await Api.CreateBulkAsync(
            IdentityApi.BearerClient(factory, admin.Secret),
            Enumerable.Range(0, events).Select(i => (JsonNode)Api.Event(service, userId, i % 2 == 0 ? "login" : "logout")));
        var ids = result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("event_id").GetString()!).ToList();
        Assert.Equal(events, ids.Count);
        return new IsolatedTenant(id, admin, reader, userId, service, ids);
    }

    /// <summary>A client with the tenant's admin key.</summary>
    public HttpClient AdminClient(TollgateFactory factory) => IdentityApi.BearerClient(factory, Admin.Secret);

    /// <summary>A client with the tenant's read-only key.</summary>
    public HttpClient ReaderClient(TollgateFactory factory) => IdentityApi.BearerClient(factory, Reader.Secret);

    /// <summary>Asserts that every event of the tenant is still there, read with its own key.</summary>
    public async Task AssertAllEventsRemainAsync(TollgateFactory factory)
    {
        var stored = await Api.ListAsync(ReaderClient(factory), Service);
        Assert.Equal(EventIds, stored.Select(e => e.GetProperty("id").GetString()!));
        foreach (var id in EventIds)
        {
            var detail = await Api.GetJsonAsync(ReaderClient(factory), $"{Api.Logs}/{id}");
            Assert.Equal(0, detail.GetProperty("amendments").GetArrayLength());
        }
    }

    /// <summary>Asserts that <paramref name="text"/> mentions nothing of this tenant.</summary>
    public void AssertAbsentFrom(string text)
    {
        Assert.DoesNotContain(Id, text, StringComparison.Ordinal);
        Assert.DoesNotContain(UserId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Service, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Admin.Key.Id.ToString(), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Reader.Key.Id.ToString(), text, StringComparison.OrdinalIgnoreCase);
        foreach (var id in EventIds)
        {
            Assert.DoesNotContain(id, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
