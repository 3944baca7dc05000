using Tollgate.Core.Requests;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class RequestStoreContract
{
    [Fact]
    public async Task Another_tenants_request_is_not_found_by_id()
    {
        var record = Requests.Full(TenantA);
        await WriteAsync(record);

        Assert.Null(await Store.GetAsync(TenantB, record.Id, Ct));
        AssertSameRecord(record, await Store.GetAsync(TenantA, record.Id, Ct));
    }

    [Fact]
    public async Task No_filter_reaches_another_tenants_requests()
    {
        var record = Requests.Full(TenantA);
        await WriteAsync(record);
        var matchingEverything = new RequestFilter
        {
            From = record.Timestamp,
            To = record.Timestamp.AddTicks(10),
            Service = record.Service,
            Route = record.Route,
            Method = record.Method,
            StatusMin = record.Status,
            StatusMax = record.Status,
            PathPrefix = record.Path,
            RequestId = record.RequestId,
            TraceId = record.TraceId,
            Principal = record.Principal,
        };
        var filters = new[]
        {
            new RequestFilter(),
            new RequestFilter { TraceId = record.TraceId },
            new RequestFilter { RequestId = record.RequestId },
            new RequestFilter { Service = record.Service },
            matchingEverything,
        };

        foreach (var filter in filters)
        {
            var page = await QueryAsync(TenantB, filter);
            Assert.Empty(page.Items);
            Assert.Null(page.Next);
            Assert.Equal([record.Id], (await QueryAsync(TenantA, filter)).Items.Select(r => r.Id));
        }
    }

    [Fact]
    public async Task A_cursor_from_one_tenant_pages_only_through_another_tenants_own_requests()
    {
        var interleaved = Enumerable.Range(0, 8).Select(i => Requests.Next(i % 2 == 0 ? TenantA : TenantB)).ToList();
        await Store.WriteAsync(interleaved, Ct);
        var newestOfA = interleaved[6];
        var firstOfA = await QueryAsync(TenantA, limit: 1);
        Assert.Equal([newestOfA.Id], firstOfA.Items.Select(r => r.Id));

        var pageOfB = await QueryAsync(TenantB, after: firstOfA.Next);

        Assert.Equal(NewestFirst(interleaved.Where(r => r.TenantId == TenantB && r.Timestamp < newestOfA.Timestamp)), pageOfB.Items.Select(r => r.Id));
        Assert.Equal(3, pageOfB.Items.Count);
    }

    [Fact]
    public async Task An_id_another_tenant_reuses_never_exposes_or_changes_the_first_tenants_request()
    {
        var original = Requests.Full(TenantA);
        await WriteAsync(original);

        await WriteAsync(Requests.Next(TenantB) with { Id = original.Id, Path = "/intruder" });

        AssertSameRecord(original, await Store.GetAsync(TenantA, original.Id, Ct));
        var seenByB = await Store.GetAsync(TenantB, original.Id, Ct);
        Assert.True(seenByB is null || (seenByB.TenantId == TenantB && seenByB.Path == "/intruder"), "Tenant B saw tenant A's request.");
        Assert.All(await ReadAllAsync(TenantB), r => Assert.Equal("/intruder", r.Path));
    }
}
