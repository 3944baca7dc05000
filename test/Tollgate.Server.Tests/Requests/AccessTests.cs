using System.Net;
using System.Text.Json.Nodes;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Requests;

/// <summary>Who may call the requests API, and that a tenant sees only its own requests.</summary>
public sealed class AccessTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    [Fact]
    public async Task Requests_of_another_tenant_are_invisible_by_list_and_by_id()
    {
        var tenantA = await IdentityApi.CreateTenantAsync(factory, IdentityApi.UniqueTenantId("a"));
        var tenantB = await IdentityApi.CreateTenantAsync(factory, IdentityApi.UniqueTenantId("b"));
        var a = IdentityApi.BearerClient(factory, (await IdentityApi.CreateKeyAsync(factory, tenantA, [Scopes.Ingest, Scopes.Read])).Secret);
        var b = IdentityApi.BearerClient(factory, (await IdentityApi.CreateKeyAsync(factory, tenantB, [Scopes.Ingest, Scopes.Read])).Secret);
        var service = Api.Unique("svc");
        var record = RequestsHttp.Record(service);
        record["request_id"] = Api.Unique("req");
        record["trace_id"] = "4bf92f3577b34da6a3ce929d0e0e4736";
        var idOfA = await RequestsHttp.ReportOneAsync(a, record);

        var everything = await IdentityApi.GetTextAsync(b, $"{RequestsHttp.List}?from=1970-01-01T00:00:00Z&limit=1000");
        var byService = await RequestsHttp.ListAsync(b, $"from=1970-01-01T00:00:00Z&service={service}");
        var byRequestId = await RequestsHttp.ListAsync(b, $"from=1970-01-01T00:00:00Z&request_id={record["request_id"]}");
        var byTraceId = await RequestsHttp.ListAsync(b, "from=1970-01-01T00:00:00Z&trace_id=4bf92f3577b34da6a3ce929d0e0e4736");
        using var byId = await b.GetAsync($"{RequestsHttp.List}/{idOfA}", TestContext.Current.CancellationToken);

        Assert.DoesNotContain(idOfA, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(service, everything, StringComparison.Ordinal);
        Assert.Empty(byService);
        Assert.Empty(byRequestId);
        Assert.Empty(byTraceId);
        await ProblemAssert.IsAsync(byId, HttpStatusCode.NotFound, "not-found");
        Assert.Equal([idOfA], await RequestsHttp.IdsOfAsync(a, service));
        await Api.GetJsonAsync(a, $"{RequestsHttp.List}/{idOfA}");
    }

    [Fact]
    public async Task Reported_requests_belong_to_the_callers_tenant_and_another_tenant_id_is_refused()
    {
        var tenant = await IdentityApi.CreateTenantAsync(factory, IdentityApi.UniqueTenantId("t"));
        var client = IdentityApi.BearerClient(factory, (await IdentityApi.CreateKeyAsync(factory, tenant, [Scopes.Ingest, Scopes.Read])).Secret);
        var service = Api.Unique("svc");
        var own = RequestsHttp.Record(service);
        own["tenant_id"] = tenant;
        var foreign = RequestsHttp.Record(service);
        foreign["tenant_id"] = Tenants.Default;

        var id = await RequestsHttp.ReportOneAsync(client, own);
        using var refused = await Api.PostAsync(client, RequestsHttp.Report, new JsonArray(foreign));

        var problem = await ProblemAssert.IsAsync(refused, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal([(0, "tenant_id")], ProblemAssert.Errors(problem));
        Assert.Equal([id], await RequestsHttp.IdsOfAsync(client, service));
        Assert.Empty(await RequestsHttp.IdsOfAsync(factory.CreateClient(), service));
    }

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", RequestsHttp.List },
        { "GET", $"{RequestsHttp.List}/0192f0c1-7a3b-7def-8123-456789abcdef" },
        { "POST", RequestsHttp.Report },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Anonymous_call_is_unauthenticated(string method, string url)
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await Api.SendAsync(client, new HttpMethod(method), url, method == "POST" ? Api.Json(new JsonArray(RequestsHttp.Record(Api.Unique("svc")))) : null);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Key_without_the_endpoints_scope_is_forbidden(string method, string url)
    {
        var scope = method == "POST" ? Scopes.Read : Scopes.Ingest;
        using var client = IdentityApi.BearerClient(factory, await factory.CreateApiKeyAsync(Tenants.Default, [scope, Scopes.Admin]));
        var service = Api.Unique("svc");

        using var response = await Api.SendAsync(client, new HttpMethod(method), url, method == "POST" ? Api.Json(new JsonArray(RequestsHttp.Record(service))) : null);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains(method == "POST" ? Scopes.Ingest : Scopes.Read, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await RequestsHttp.IdsOfAsync(factory.CreateClient(), service));
    }
}
