using Tollgate.Core.Requests;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class RequestStoreContract
{
    /// <summary>A trace id three of the varied requests share, across services.</summary>
    protected const string SharedTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    [Theory]
    [InlineData("service")]
    [InlineData("route")]
    [InlineData("method")]
    [InlineData("status-min")]
    [InlineData("status-max")]
    [InlineData("path-prefix")]
    [InlineData("request-id")]
    [InlineData("trace-id")]
    [InlineData("principal")]
    [InlineData("from")]
    [InlineData("to")]
    public async Task Each_filter_alone_matches_exactly_its_requests_newest_first(string name)
    {
        var all = await WriteVarietyAsync();
        var (filter, matches) = SingleFilter(name, all);
        var expected = NewestFirst(all.Where(matches));
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all.Count, "The filter must leave some requests out to prove anything.");

        var found = await ReadAllAsync(TenantA, filter);

        Assert.Equal(expected, found.Select(r => r.Id));
    }

    [Fact]
    public async Task Filters_combine_so_a_request_must_match_all_of_them()
    {
        var all = await WriteVarietyAsync();
        var filter = new RequestFilter
        {
            From = all[1].Timestamp,
            To = all[^1].Timestamp,
            Service = "orders-api",
            Method = "GET",
            StatusMin = 400,
            StatusMax = 599,
            PathPrefix = "/orders/",
        };
        var expected = NewestFirst(all.Where(r =>
            r.Timestamp >= all[1].Timestamp && r.Timestamp < all[^1].Timestamp && r.Service == "orders-api" && r.Method == "GET"
            && r.Status is >= 400 and <= 599 && r.Path.StartsWith("/orders/", StringComparison.Ordinal)));
        Assert.InRange(expected.Count, 2, all.Count - 1);

        var found = await ReadAllAsync(TenantA, filter);

        Assert.Equal(expected, found.Select(r => r.Id));
    }

    [Fact]
    public async Task A_trace_id_finds_every_request_of_the_trace_with_the_other_filters_applied()
    {
        var all = await WriteVarietyAsync();

        var trace = await ReadAllAsync(TenantA, new RequestFilter { TraceId = SharedTraceId });
        var traceOfOneService = await ReadAllAsync(TenantA, new RequestFilter { TraceId = SharedTraceId, Service = "billing-api" });
        var traceAndRequest = await ReadAllAsync(TenantA, new RequestFilter { TraceId = SharedTraceId, RequestId = "req-0007" });

        Assert.Equal(NewestFirst(all.Where(r => r.TraceId == SharedTraceId)), trace.Select(r => r.Id));
        Assert.Equal(3, trace.Count);
        Assert.Equal(NewestFirst(all.Where(r => r.TraceId == SharedTraceId && r.Service == "billing-api")), traceOfOneService.Select(r => r.Id));
        Assert.Equal(all.Where(r => r.RequestId == "req-0007").Select(r => r.Id), traceAndRequest.Select(r => r.Id));
    }

    [Fact]
    public async Task Text_filters_compare_exactly_and_case_sensitively()
    {
        await WriteVarietyAsync();

        Assert.Empty((await QueryAsync(TenantA, new RequestFilter { Service = "ORDERS-API" })).Items);
        Assert.Empty((await QueryAsync(TenantA, new RequestFilter { Service = "orders" })).Items);
        Assert.Empty((await QueryAsync(TenantA, new RequestFilter { Method = "get" })).Items);
        Assert.Empty((await QueryAsync(TenantA, new RequestFilter { TraceId = SharedTraceId.ToUpperInvariant() })).Items);
        Assert.Empty((await QueryAsync(TenantA, new RequestFilter { RequestId = "req-000" })).Items);
    }

    [Theory]
    [InlineData(400, 499, new[] { 400, 404, 499 })]
    [InlineData(400, 400, new[] { 400 })]
    [InlineData(500, null, new[] { 500, 503 })]
    [InlineData(null, 399, new[] { 200, 201, 302, 399 })]
    [InlineData(500, 400, new int[0])]
    public async Task Status_bounds_are_inclusive(int? min, int? max, int[] expected)
    {
        var statuses = new[] { 200, 201, 302, 399, 400, 404, 499, 500, 503 };
        var records = statuses.Select(s => Requests.Next(TenantA) with { Status = s }).ToArray();
        await WriteAsync(records);

        var found = await ReadAllAsync(TenantA, new RequestFilter { StatusMin = min, StatusMax = max });

        Assert.Equal(Enumerable.Reverse(expected), found.Select(r => r.Status));
    }

    [Theory]
    [InlineData("/api/", new[] { "/api/orders", "/api/o%rders", "/api/o_x", "/api/ordersüß", "/api/" })]
    [InlineData("/api/o%", new[] { "/api/o%rders" })]
    [InlineData("/api/o_", new[] { "/api/o_x" })]
    [InlineData("/api/o\\", new string[0])]
    [InlineData("/API/", new[] { "/API/orders" })]
    [InlineData("/api/ordersü", new[] { "/api/ordersüß" })]
    [InlineData("/api/orders", new[] { "/api/orders", "/api/ordersüß" })]
    [InlineData("/api/orders/and/more", new string[0])]
    [InlineData("/", new[] { "/api/orders", "/API/orders", "/api/o%rders", "/api/o_x", "/apix", "/ap", "/api/ordersüß", "/api/" })]
    public async Task Path_prefix_is_case_sensitive_and_treats_wildcards_literally(string prefix, string[] expected)
    {
        var paths = new[] { "/api/orders", "/API/orders", "/api/o%rders", "/api/o_x", "/apix", "/ap", "/api/ordersüß", "/api/" };
        var records = paths.Select(p => Requests.Next(TenantA) with { Path = p }).ToArray();
        await WriteAsync(records);

        var found = await ReadAllAsync(TenantA, new RequestFilter { PathPrefix = prefix });

        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Select(r => r.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Time_range_includes_from_and_excludes_to()
    {
        var records = Requests.Many(TenantA, 5);
        await Store.WriteAsync(records, Ct);

        var found = await ReadAllAsync(TenantA, new RequestFilter { From = records[1].Timestamp, To = records[3].Timestamp });
        var from = await ReadAllAsync(TenantA, new RequestFilter { From = records[3].Timestamp });
        var to = await ReadAllAsync(TenantA, new RequestFilter { To = records[1].Timestamp });
        var empty = await ReadAllAsync(TenantA, new RequestFilter { From = records[2].Timestamp, To = records[2].Timestamp });

        Assert.Equal(NewestFirst([records[1], records[2]]), found.Select(r => r.Id));
        Assert.Equal(NewestFirst([records[3], records[4]]), from.Select(r => r.Id));
        Assert.Equal([records[0].Id], to.Select(r => r.Id));
        Assert.Empty(empty);
    }

    [Fact]
    public async Task Time_bounds_between_two_microseconds_still_compare_exactly()
    {
        var records = Requests.Many(TenantA, 3);
        await Store.WriteAsync(records, Ct);
        var justAfterFirst = records[0].Timestamp.AddTicks(5);
        var justAfterSecond = records[1].Timestamp.AddTicks(5);

        var found = await ReadAllAsync(TenantA, new RequestFilter { From = justAfterFirst, To = justAfterSecond });

        Assert.Equal([records[1].Id], found.Select(r => r.Id));
    }

    [Fact]
    public async Task Requests_come_newest_first_with_equal_timestamps_ordered_by_id_descending()
    {
        var at = Requests.NextTimestamp();
        var sameInstant = Enumerable.Range(0, 6).Select(_ => Requests.Next(TenantA) with { Id = Guid.NewGuid(), Timestamp = at }).ToList();
        var older = Requests.Next(TenantA) with { Timestamp = at.AddTicks(-10) };
        var newer = Requests.Next(TenantA);
        await Store.WriteAsync([.. sameInstant, older, newer], Ct);

        var page = await QueryAsync(TenantA);

        Assert.Equal(NewestFirst([.. sameInstant, older, newer]), page.Items.Select(r => r.Id));
        Assert.Equal(newer.Id, page.Items[0].Id);
        Assert.Equal(older.Id, page.Items[^1].Id);
    }

    [Fact]
    public async Task Pages_of_requests_carry_no_detail_but_say_whether_there_is_one()
    {
        var record = Requests.Full(TenantA);
        await WriteAsync(record);

        var page = await QueryAsync(TenantA);

        var listed = Assert.Single(page.Items);
        Assert.Null(listed.Detail);
        Assert.True(listed.HasDetail);
        AssertSameRecord(record, listed, listed: true);
    }

    /// <summary>
    /// Writes twelve requests of <see cref="TenantA"/> (and three decoys of <see cref="TenantB"/>) that differ in every
    /// filtered field, oldest first; returns tenant A's.
    /// </summary>
    protected async Task<IReadOnlyList<RequestRecord>> WriteVarietyAsync()
    {
        (string Service, string? Route, string Method, int Status, string Path, string? Principal, string? Trace)[] rows =
        [
            ("orders-api", "orders", "GET", 200, "/orders/1", "key:ci", SharedTraceId),
            ("orders-api", "orders", "GET", 404, "/orders/2", "key:ci", null),
            ("billing-api", "billing", "POST", 201, "/billing/invoices", "user:ada", SharedTraceId),
            ("orders-api", "orders", "GET", 500, "/orders/3", null, "0af7651916cd43dd8448eb211c80319c"),
            ("orders-api-v2", null, "DELETE", 204, "/orders/4", "key:ci", null),
            ("billing-api", "billing", "GET", 503, "/billing/status", "user:ada", null),
            ("orders-api", "orders", "POST", 400, "/orders", "user:bob", null),
            ("billing-api", null, "GET", 302, "/billing", null, SharedTraceId),
            ("orders-api", "orders", "GET", 502, "/orders/5/lines", "key:ci", "b7ad6b7169203331b7ad6b7169203331"),
            ("orders-api", "orders", "PUT", 200, "/Orders/6", "user:bob", null),
            ("orders-api", "orders", "GET", 499, "/orders/7", "key:ci", null),
            ("billing-api", "billing", "GET", 200, "/billing/invoices/8", "user:ada", null),
        ];
        var records = rows.Select((row, i) => Requests.Next(TenantA) with
        {
            Service = row.Service,
            Route = row.Route,
            Method = row.Method,
            Status = row.Status,
            Path = row.Path,
            Principal = row.Principal,
            TraceId = row.Trace,
            RequestId = $"req-{i:D4}",
        }).ToArray();
        var decoys = rows.Take(3).Select((row, i) => Requests.Next(TenantB) with
        {
            Service = row.Service,
            Method = row.Method,
            Status = row.Status,
            Path = row.Path,
            TraceId = row.Trace,
            RequestId = $"req-{i:D4}",
        });
        await Store.WriteAsync([.. records, .. decoys], Ct);
        return records;
    }

    private static (RequestFilter Filter, Func<RequestRecord, bool> Matches) SingleFilter(string name, IReadOnlyList<RequestRecord> all) => name switch
    {
        "service" => (new RequestFilter { Service = "orders-api" }, r => r.Service == "orders-api"),
        "route" => (new RequestFilter { Route = "billing" }, r => r.Route == "billing"),
        "method" => (new RequestFilter { Method = "POST" }, r => r.Method == "POST"),
        "status-min" => (new RequestFilter { StatusMin = 400 }, r => r.Status >= 400),
        "status-max" => (new RequestFilter { StatusMax = 399 }, r => r.Status <= 399),
        "path-prefix" => (new RequestFilter { PathPrefix = "/orders/" }, r => r.Path.StartsWith("/orders/", StringComparison.Ordinal)),
        "request-id" => (new RequestFilter { RequestId = "req-0003" }, r => r.RequestId == "req-0003"),
        "trace-id" => (new RequestFilter { TraceId = SharedTraceId }, r => r.TraceId == SharedTraceId),
        "principal" => (new RequestFilter { Principal = "user:ada" }, r => r.Principal == "user:ada"),
        "from" => (new RequestFilter { From = all[5].Timestamp }, r => r.Timestamp >= all[5].Timestamp),
        "to" => (new RequestFilter { To = all[5].Timestamp }, r => r.Timestamp < all[5].Timestamp),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such filter case."),
    };
}
