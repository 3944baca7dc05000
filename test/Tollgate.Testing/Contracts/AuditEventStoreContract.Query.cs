using System.Text.Json.Nodes;
using Tollgate.Core.Audit;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class AuditEventStoreContract
{
    private static readonly DateTimeOffset QueryBase = new(2025, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Query_of_an_empty_store_is_an_empty_last_page()
    {
        var page = await Store.QueryAsync(TenantA, new AuditEventQuery(), Ct);

        Assert.Empty(page.Items);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Query_orders_newest_first_by_timestamp_then_sequence()
    {
        var events = await AppendAtAsync(5, 0, 5, -60, 5);

        var page = await Store.QueryAsync(TenantA, new AuditEventQuery(), Ct);

        Assert.Equal(new[] { events[4].Id, events[2].Id, events[0].Id, events[1].Id, events[3].Id }, page.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task Query_in_ascending_order_is_oldest_first_by_timestamp_then_sequence()
    {
        var events = await AppendAtAsync(5, 0, 5, -60, 5);

        var page = await Store.QueryAsync(TenantA, new AuditEventQuery { Order = AuditSortOrder.Ascending }, Ct);

        Assert.Equal(new[] { events[3].Id, events[1].Id, events[0].Id, events[2].Id, events[4].Id }, page.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task Query_returns_whole_events()
    {
        var appended = Events.Event(TenantA).WithTarget("t").WithUser("u").Build();
        await AppendAsync(TenantA, appended);

        var item = Assert.Single((await Store.QueryAsync(TenantA, new AuditEventQuery(), Ct)).Items);

        Assert.Equal(await Store.GetAsync(TenantA, appended.Id, Ct), item, AuditEventComparer.Instance);
    }

    [Fact]
    public async Task Time_range_includes_from_and_excludes_to()
    {
        var events = await AppendAtAsync(0, 10, 20, 30);
        var from = QueryBase.AddMinutes(10);
        var to = QueryBase.AddMinutes(30);

        Assert.Equal(Ids(events, 1, 2), await QueryIdsAsync(new() { From = from, To = to }));
        Assert.Equal(Ids(events, 2), await QueryIdsAsync(new() { From = from.AddTicks(10), To = to }));
        Assert.Equal(Ids(events, 1, 2, 3), await QueryIdsAsync(new() { From = from, To = to.AddTicks(10) }));
        Assert.Equal(Ids(events, 0, 1, 2), await QueryIdsAsync(new() { To = to }));
        Assert.Equal(Ids(events, 3), await QueryIdsAsync(new() { From = to }));
        Assert.Empty(await QueryIdsAsync(new() { From = to, To = to }));
    }

    [Fact]
    public async Task Time_range_bounds_with_an_offset_are_instants()
    {
        var events = await AppendAtAsync(0, 60, 120);
        var plusTwo = TimeSpan.FromHours(2);

        var ids = await QueryIdsAsync(new() { From = QueryBase.ToOffset(plusTwo).AddMinutes(60), To = QueryBase.ToOffset(plusTwo).AddMinutes(120) });

        Assert.Equal(Ids(events, 1), ids);
    }

    [Fact]
    public async Task Filters_by_user_id_exactly()
    {
        var events = await AppendFilterFixtureAsync();

        Assert.Equal(Ids(events, 0, 2), await QueryIdsAsync(new() { UserId = "alice" }));
        Assert.Empty(await QueryIdsAsync(new() { UserId = "ali" }));
    }

    [Fact]
    public async Task Filters_by_event_type_exactly()
    {
        var events = await AppendFilterFixtureAsync();

        Assert.Equal(Ids(events, 0, 1), await QueryIdsAsync(new() { EventType = "user.login" }));
    }

    [Fact]
    public async Task Filters_by_src_service_exactly()
    {
        var events = await AppendFilterFixtureAsync();

        Assert.Equal(Ids(events, 0, 1, 3), await QueryIdsAsync(new() { SrcService = "auth" }));
    }

    [Fact]
    public async Task Filters_by_target()
    {
        var events = await AppendFilterFixtureAsync();

        Assert.Equal(Ids(events, 1, 2), await QueryIdsAsync(new() { Target = "acct-1" }));
    }

    [Fact]
    public async Task Filters_by_request_id()
    {
        var events = await AppendFilterFixtureAsync();

        Assert.Equal(Ids(events, 1), await QueryIdsAsync(new() { RequestId = "req-2" }));
    }

    [Fact]
    public async Task Filters_by_trace_id()
    {
        var events = await AppendFilterFixtureAsync();

        Assert.Equal(Ids(events, 0, 1), await QueryIdsAsync(new() { TraceId = "4bf92f3577b34da6a3ce929d0e0e4736" }));
    }

    [Fact]
    public async Task Combined_filters_all_apply()
    {
        var events = await AppendFilterFixtureAsync();

        Assert.Equal(Ids(events, 0), await QueryIdsAsync(new() { UserId = "alice", SrcService = "auth" }));
        Assert.Equal(Ids(events, 2), await QueryIdsAsync(new() { UserId = "alice", From = QueryBase.AddMinutes(5) }));
        Assert.Empty(await QueryIdsAsync(new() { UserId = "bob", EventType = "user.logout" }));
    }

    [Fact]
    public async Task Text_matches_the_message_ignoring_ascii_case()
    {
        var events = await AppendTextFixtureAsync();

        Assert.Equal(Ids(events, 0), await QueryIdsAsync(new() { Text = "deleted ACC" }));
    }

    [Fact]
    public async Task Text_matches_attribute_values_at_any_depth()
    {
        var events = await AppendTextFixtureAsync();

        Assert.Equal(Ids(events, 1), await QueryIdsAsync(new() { Text = "jondoe" }));
        Assert.Equal(Ids(events, 2), await QueryIdsAsync(new() { Text = "NEEDLE-in" }));
    }

    [Fact]
    public async Task Text_treats_like_wildcards_literally()
    {
        var events = await AppendTextFixtureAsync();

        Assert.Equal(Ids(events, 3), await QueryIdsAsync(new() { Text = "50%" }));
        Assert.Equal(Ids(events, 5), await QueryIdsAsync(new() { Text = "a_b" }));
        Assert.Equal(Ids(events, 3), await QueryIdsAsync(new() { Text = "%" }));
    }

    [Fact]
    public async Task Text_matches_characters_that_json_escapes()
    {
        var events = await AppendAsync(
            TenantA,
            Events.Event(TenantA).WithMessage("Copied C:\\temp\\new \"folder\"\tdone").Build(),
            Events.Event(TenantA).WithMessage("Copied elsewhere").Build());

        var found = await QueryIdsAsync(new() { Text = "\\temp\\NEW \"folder\"\tdo" });

        Assert.Equal([events[0].EventId], found);
    }

    [Fact]
    public async Task Text_matches_non_ascii_text()
    {
        var cafe = Events.Event(TenantA).WithMessage("Réservation au café ☕").Build();
        await AppendAsync(TenantA, cafe, Events.Event(TenantA).WithMessage("Reservation au cafe").Build());

        Assert.Equal([cafe.Id], await QueryIdsAsync(new() { Text = "AU café ☕" }));
    }

    [Fact]
    public async Task Text_matches_values_not_member_names()
    {
        await AppendTextFixtureAsync();

        Assert.Empty(await QueryIdsAsync(new() { Text = "src_service" }));
        Assert.Empty(await QueryIdsAsync(new() { Text = "\"username\"" }));
    }

    [Fact]
    public async Task Text_combines_with_other_filters()
    {
        var events = await AppendTextFixtureAsync();

        Assert.Equal(Ids(events, 1), await QueryIdsAsync(new() { Text = "o", UserId = "jon" }));
    }

    [Fact]
    public async Task Count_applies_every_filter()
    {
        await AppendFilterFixtureAsync();

        Assert.Equal(5, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
        Assert.Equal(2, await Store.CountAsync(TenantA, new() { UserId = "alice" }, Ct));
        Assert.Equal(3, await Store.CountAsync(TenantA, new() { SrcService = "auth" }, Ct));
        Assert.Equal(1, await Store.CountAsync(TenantA, new() { SrcService = "auth", Target = "acct-1" }, Ct));
        Assert.Equal(2, await Store.CountAsync(TenantA, new() { From = QueryBase.AddMinutes(10), To = QueryBase.AddMinutes(30) }, Ct));
        Assert.Equal(1, await Store.CountAsync(TenantA, new() { Text = "SIGNED" }, Ct));
        Assert.Equal(0, await Store.CountAsync(TenantA, new() { EventType = "nothing" }, Ct));
    }

    /// <summary>Appends one event per offset (minutes after <see cref="QueryBase"/>), one batch, in the given order.</summary>
    private async Task<IReadOnlyList<NewAuditEvent>> AppendAtAsync(params int[] minutes)
    {
        var events = minutes.Select(m => Events.Event(TenantA).At(QueryBase.AddMinutes(m)).Build()).ToArray();
        await Store.AppendAsync(TenantA, events, Ct);
        return events;
    }

    /// <summary>
    /// 0 alice/login/auth 10:00 · 1 bob/login/auth/acct-1 10:10 · 2 alice/logout/web/acct-1 10:20 ·
    /// 3 alice-2/login.failed/auth 10:30 · 4 Alice/USER.LOGIN/Auth 10:40 (case variants must not match).
    /// </summary>
    private async Task<IReadOnlyList<NewAuditEvent>> AppendFilterFixtureAsync()
    {
        const string trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        var events = new[]
        {
            Events.Event(TenantA).WithUser("alice").WithType("user.login").WithService("auth").WithRequestId("req-1").WithTraceId(trace).WithMessage("Signed in").At(QueryBase).Build(),
            Events.Event(TenantA).WithUser("bob").WithType("user.login").WithService("auth").WithTarget("acct-1").WithRequestId("req-2").WithTraceId(trace).At(QueryBase.AddMinutes(10)).Build(),
            Events.Event(TenantA).WithUser("alice").WithType("user.logout").WithService("web").WithTarget("acct-1").WithRequestId("req-3").WithTraceId("00f067aa0ba902b700f067aa0ba902b7").At(QueryBase.AddMinutes(20)).Build(),
            Events.Event(TenantA).WithUser("alice-2").WithType("user.login.failed").WithService("auth").WithTarget("acct-10").At(QueryBase.AddMinutes(30)).Build(),
            Events.Event(TenantA).WithUser("Alice").WithType("USER.LOGIN").WithService("Auth").WithTarget("ACCT-1").WithRequestId("REQ-2").At(QueryBase.AddMinutes(40)).Build(),
        };
        await Store.AppendAsync(TenantA, events, Ct);
        return events;
    }

    /// <summary>Events whose message or attributes hold distinctive text; all at distinct timestamps.</summary>
    private async Task<IReadOnlyList<NewAuditEvent>> AppendTextFixtureAsync()
    {
        var events = new[]
        {
            Events.Event(TenantA).WithUser("u0").WithMessage("User DELETED account").At(QueryBase).Build(),
            Events.Event(TenantA).WithUser("jon").WithAppData(new JsonObject { ["username"] = "JonDoe", ["email"] = "jd@example.com" }).At(QueryBase.AddMinutes(1)).Build(),
            Events.Event(TenantA).WithUser("u2").WithInvariantData(new JsonObject { ["nested"] = new JsonObject { ["deep"] = new JsonArray("x", "Needle-in-array") } }).At(QueryBase.AddMinutes(2)).Build(),
            Events.Event(TenantA).WithUser("u3").WithMessage("Coupon for 50% off").At(QueryBase.AddMinutes(3)).Build(),
            Events.Event(TenantA).WithUser("u4").WithMessage("Coupon for 500 off").At(QueryBase.AddMinutes(4)).Build(),
            Events.Event(TenantA).WithUser("u5").WithMessage("renamed a_b").At(QueryBase.AddMinutes(5)).Build(),
            Events.Event(TenantA).WithUser("u6").WithMessage("renamed axb").At(QueryBase.AddMinutes(6)).Build(),
        };
        await Store.AppendAsync(TenantA, events, Ct);
        return events;
    }

    /// <summary>The ids of a filtered search, oldest first.</summary>
    private async Task<Guid[]> QueryIdsAsync(AuditEventFilter filter)
    {
        var page = await Store.QueryAsync(TenantA, new AuditEventQuery { Filter = filter, Order = AuditSortOrder.Ascending, Limit = AuditEventQuery.MaxLimit }, Ct);
        Assert.Null(page.Next);
        return [.. page.Items.Select(e => e.Id)];
    }

    private static Guid[] Ids(IReadOnlyList<NewAuditEvent> events, params int[] indexes) => [.. indexes.Select(i => events[i].Id)];
}
