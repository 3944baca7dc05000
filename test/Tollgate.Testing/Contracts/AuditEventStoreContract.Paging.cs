using Tollgate.Core.Audit;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class AuditEventStoreContract
{
    [Theory]
    [InlineData(AuditSortOrder.Descending)]
    [InlineData(AuditSortOrder.Ascending)]
    public async Task Cursor_paging_returns_every_event_once_in_order(AuditSortOrder order)
    {
        // Ten distinct timestamps, three events each, appended out of timestamp order: ties span page boundaries.
        var events = Events.Many(TenantA, 30, (e, i) => e.At(QueryBase.AddMinutes(i * 7 % 10)));
        await Store.AppendAsync(TenantA, events, Ct);
        var expected = await ExpectedOrderAsync(order);

        var pages = await ReadPagesAsync(new AuditEventQuery { Order = order, Limit = 7 });

        Assert.Equal([7, 7, 7, 7, 2], pages.Select(p => p.Items.Count));
        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(e => e.Id));
        foreach (var page in pages.SkipLast(1))
        {
            Assert.Equal(new AuditCursor(page.Items[^1].Timestamp, page.Items[^1].Sequence), page.Next);
        }
    }

    [Theory]
    [InlineData(AuditSortOrder.Descending)]
    [InlineData(AuditSortOrder.Ascending)]
    public async Task Cursor_paging_tells_microseconds_apart(AuditSortOrder order)
    {
        // Appended newest first, so sequence order is the reverse of timestamp order.
        var events = Events.Many(TenantA, 4, (e, i) => e.At(QueryBase.AddTicks((3 - i) * 10)));
        await Store.AppendAsync(TenantA, events, Ct);
        var expected = events.Reverse().Select(e => e.Id).ToList();
        if (order == AuditSortOrder.Descending)
        {
            expected.Reverse();
        }

        var pages = await ReadPagesAsync(new AuditEventQuery { Order = order, Limit = 1 });

        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(e => e.Id));
    }

    [Fact]
    public async Task The_last_page_has_no_next_cursor_even_when_it_is_full()
    {
        await AppendManyAsync(TenantA, 10);

        var first = await Store.QueryAsync(TenantA, new AuditEventQuery { Limit = 5 }, Ct);
        Assert.NotNull(first.Next);
        var second = await Store.QueryAsync(TenantA, new AuditEventQuery { Limit = 5, After = first.Next }, Ct);

        Assert.Equal(5, second.Items.Count);
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task A_short_page_has_no_next_cursor()
    {
        await AppendManyAsync(TenantA, 3);

        var page = await Store.QueryAsync(TenantA, new AuditEventQuery { Limit = 5 }, Ct);

        Assert.Equal(3, page.Items.Count);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Limit_caps_the_page()
    {
        await AppendManyAsync(TenantA, 4);

        var one = await Store.QueryAsync(TenantA, new AuditEventQuery { Limit = 1 }, Ct);
        var max = await Store.QueryAsync(TenantA, new AuditEventQuery { Limit = AuditEventQuery.MaxLimit }, Ct);

        Assert.Single(one.Items);
        Assert.NotNull(one.Next);
        Assert.Equal(4, max.Items.Count);
    }

    [Theory]
    [InlineData(AuditSortOrder.Descending)]
    [InlineData(AuditSortOrder.Ascending)]
    public async Task Cursor_paging_stays_exact_while_events_arrive(AuditSortOrder order)
    {
        var original = Events.Many(TenantA, 20, (e, i) => e.At(QueryBase.AddMinutes(i % 5)));
        await Store.AppendAsync(TenantA, original, Ct);
        var seen = new List<AuditEvent>();
        var query = new AuditEventQuery { Order = order, Limit = 6 };

        for (var round = 0; ; round++)
        {
            var page = await Store.QueryAsync(TenantA, query, Ct);
            seen.AddRange(page.Items);
            if (page.Next is not { } next)
            {
                break;
            }

            // New events land before, at and after the cursor's position in the order.
            await AppendManyAsync(TenantA, 3, (e, i) => e.WithUser($"late-{round}-{i}").At(QueryBase.AddMinutes(i * 2).AddSeconds(30)));
            query = query with { After = next };
        }

        Assert.Equal(seen.Count, seen.Select(e => e.Id).Distinct().Count());
        foreach (var appended in original)
        {
            Assert.Single(seen, e => e.Id == appended.Id);
        }

        var keys = seen.Select(e => (e.Timestamp, e.Sequence)).ToList();
        var sorted = order == AuditSortOrder.Ascending ? keys.Order().ToList() : keys.OrderDescending().ToList();
        Assert.Equal(sorted, keys);
    }

    [Fact]
    public async Task Cursor_paging_applies_the_filter_on_every_page()
    {
        var events = Events.Many(TenantA, 24, (e, i) => e.WithUser(i % 3 == 0 ? "alice" : "bob").At(QueryBase.AddSeconds(i % 4)));
        await Store.AppendAsync(TenantA, events, Ct);
        var filter = new AuditEventFilter { UserId = "alice" };

        var pages = await ReadPagesAsync(new AuditEventQuery { Filter = filter, Limit = 3 });

        var ids = pages.SelectMany(p => p.Items).Select(e => e.Id).ToList();
        Assert.Equal(8, ids.Count);
        Assert.Equal(events.Where((_, i) => i % 3 == 0).Select(e => e.Id).Order(), ids.Order());
        Assert.All(pages.SelectMany(p => p.Items), e => Assert.Equal("alice", e.UserId));
    }

    [Theory]
    [InlineData(AuditSortOrder.Descending)]
    [InlineData(AuditSortOrder.Ascending)]
    public async Task Offset_paging_skips_rows_in_order(AuditSortOrder order)
    {
        var events = Events.Many(TenantA, 12, (e, i) => e.At(QueryBase.AddMinutes(i * 5 % 12)));
        await Store.AppendAsync(TenantA, events, Ct);
        var expected = await ExpectedOrderAsync(order);

        var middle = await Store.QueryAsync(TenantA, new AuditEventQuery { Order = order, Offset = 5, Limit = 4 }, Ct);
        var tail = await Store.QueryAsync(TenantA, new AuditEventQuery { Order = order, Offset = 10, Limit = 4 }, Ct);
        var beyond = await Store.QueryAsync(TenantA, new AuditEventQuery { Order = order, Offset = 12, Limit = 4 }, Ct);

        Assert.Equal(expected.Skip(5).Take(4), middle.Items.Select(e => e.Id));
        Assert.Equal(expected.Skip(10), tail.Items.Select(e => e.Id));
        Assert.Empty(beyond.Items);
    }

    [Fact]
    public async Task A_cursor_takes_precedence_over_an_offset()
    {
        await AppendManyAsync(TenantA, 10);
        var first = await Store.QueryAsync(TenantA, new AuditEventQuery { Limit = 3 }, Ct);

        var withOffset = await Store.QueryAsync(TenantA, new AuditEventQuery { Limit = 3, After = first.Next, Offset = 4 }, Ct);
        var withoutOffset = await Store.QueryAsync(TenantA, new AuditEventQuery { Limit = 3, After = first.Next }, Ct);

        Assert.Equal(withoutOffset.Items.Select(e => e.Id), withOffset.Items.Select(e => e.Id));
    }

    /// <summary>Every id of the tenant in the order a query must return them, computed from the stored events.</summary>
    private async Task<List<Guid>> ExpectedOrderAsync(AuditSortOrder order)
    {
        var all = await ReadChainAsync(TenantA);
        var sorted = all.OrderBy(e => e.Timestamp.UtcTicks).ThenBy(e => e.Sequence).Select(e => e.Id).ToList();
        if (order == AuditSortOrder.Descending)
        {
            sorted.Reverse();
        }

        return sorted;
    }

    /// <summary>Follows the cursors from <paramref name="query"/> until the last page.</summary>
    private async Task<List<AuditEventPage>> ReadPagesAsync(AuditEventQuery query)
    {
        var pages = new List<AuditEventPage>();
        while (true)
        {
            Assert.True(pages.Count < 1000, "Paging did not end.");
            var page = await Store.QueryAsync(TenantA, query, Ct);
            pages.Add(page);
            if (page.Next is not { } next)
            {
                return pages;
            }

            query = query with { After = next };
        }
    }
}
