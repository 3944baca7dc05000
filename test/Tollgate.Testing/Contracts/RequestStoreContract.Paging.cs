using Tollgate.Core.Requests;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class RequestStoreContract
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public async Task Keyset_paging_through_equal_timestamps_loses_and_repeats_nothing(int pageSize)
    {
        // Three instants shared by many requests each, so page boundaries fall inside runs of equal timestamps.
        var instants = new[] { Requests.NextTimestamp(), Requests.NextTimestamp(), Requests.NextTimestamp() };
        var records = Enumerable.Range(0, 20).Select(i => Requests.Next(TenantA) with { Id = Guid.NewGuid(), Timestamp = instants[i % 3] }).ToList();
        await Store.WriteAsync(records, Ct);

        var seen = await ReadAllAsync(TenantA, pageSize: pageSize);

        Assert.Equal(NewestFirst(records), seen.Select(r => r.Id));
    }

    [Fact]
    public async Task A_page_that_holds_the_last_request_has_no_cursor()
    {
        var records = Requests.Many(TenantA, 4);
        await Store.WriteAsync(records, Ct);

        var exact = await QueryAsync(TenantA, limit: 4);
        var first = await QueryAsync(TenantA, limit: 3);
        var second = await QueryAsync(TenantA, limit: 3, after: first.Next);

        Assert.Equal(4, exact.Items.Count);
        Assert.Null(exact.Next);
        Assert.Equal(3, first.Items.Count);
        Assert.Equal(new RequestCursor(records[1].Timestamp, records[1].Id), first.Next);
        Assert.Equal([records[0].Id], second.Items.Select(r => r.Id));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task An_empty_result_has_no_items_and_no_cursor()
    {
        await WriteAsync(Requests.Next(TenantA));

        var page = await QueryAsync(TenantA, new RequestFilter { Service = "nobody" });

        Assert.Empty(page.Items);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Paging_applies_the_filter_on_every_page()
    {
        var records = Requests.Many(TenantA, 30, (r, i) => r with { Status = i % 3 == 0 ? 500 : 200 });
        await Store.WriteAsync(records, Ct);

        var errors = await ReadAllAsync(TenantA, new RequestFilter { StatusMin = 500 }, pageSize: 4);

        Assert.Equal(NewestFirst(records.Where(r => r.Status == 500)), errors.Select(r => r.Id));
    }

    [Fact]
    public async Task Paging_stays_exact_while_requests_arrive()
    {
        var original = Requests.Many(TenantA, 12);
        await Store.WriteAsync(original, Ct);
        var seen = new List<RequestRecord>();
        var late = new List<RequestRecord>();
        RequestCursor? after = null;

        for (var round = 0; round < 100; round++)
        {
            var page = await QueryAsync(TenantA, limit: 5, after: after);
            seen.AddRange(page.Items);
            if (page.Next is not { } next)
            {
                break;
            }

            // One newer than everything (never on a later page) and one reported late, older than everything.
            var newer = Requests.Next(TenantA);
            var older = Requests.Next(TenantA) with { Timestamp = original[0].Timestamp.AddMinutes(-1 - round) };
            late.Add(older);
            await WriteAsync(newer, older);
            after = next;
        }

        Assert.Equal(NewestFirst(original).Concat(NewestFirst(late)), seen.Select(r => r.Id));
    }

    [Fact]
    public async Task A_cursor_survives_its_encoded_form()
    {
        var records = Requests.Many(TenantA, 5);
        await Store.WriteAsync(records, Ct);
        var first = await QueryAsync(TenantA, limit: 2);

        Assert.True(RequestCursor.TryParse(first.Next!.Value.Encode(), out var parsed));
        var second = await QueryAsync(TenantA, limit: 2, after: parsed);

        Assert.Equal(NewestFirst(records).Skip(2).Take(2), second.Items.Select(r => r.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(RequestQuery.MaxLimit + 1)]
    public async Task A_limit_outside_one_to_the_maximum_is_refused(int limit)
    {
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => QueryAsync(TenantA, limit: limit));
    }

    [Fact]
    public async Task A_limit_of_one_and_the_maximum_are_honoured()
    {
        var records = Requests.Many(TenantA, RequestQuery.MaxLimit + 1);
        await Store.WriteAsync(records, Ct);

        var one = await QueryAsync(TenantA, limit: 1);
        var max = await QueryAsync(TenantA, limit: RequestQuery.MaxLimit);
        var rest = await QueryAsync(TenantA, limit: RequestQuery.MaxLimit, after: max.Next);

        Assert.Equal([records[^1].Id], one.Items.Select(r => r.Id));
        Assert.NotNull(one.Next);
        Assert.Equal(RequestQuery.MaxLimit, max.Items.Count);
        Assert.NotNull(max.Next);
        Assert.Equal([records[0].Id], rest.Items.Select(r => r.Id));
        Assert.Null(rest.Next);
    }
}
