using Tollgate.Core.Requests;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class RequestStoreContract
{
    [Fact]
    public async Task Every_field_and_the_detail_round_trip()
    {
        var record = Requests.Full(TenantA);

        await WriteAsync(record);

        AssertSameRecord(record, await Store.GetAsync(TenantA, record.Id, Ct));
    }

    [Fact]
    public async Task Unset_optional_fields_come_back_null()
    {
        var record = Requests.Minimal(TenantA);

        await WriteAsync(record);

        var stored = await Store.GetAsync(TenantA, record.Id, Ct);
        AssertSameRecord(record, stored);
        Assert.Null(stored!.Route);
        Assert.Null(stored.UpstreamDurationMicroseconds);
        Assert.Null(stored.Detail);
    }

    [Fact]
    public async Task A_detail_keeps_empty_header_lists_and_tells_a_missing_body_from_an_empty_one()
    {
        var noBodies = Requests.Next(TenantA) with { Detail = new RequestDetail([], [], null, null) };
        var emptyBodies = Requests.Next(TenantA) with
        {
            Detail = new RequestDetail([new("Host", "example.com")], [], new CapturedBody(null, "", false), new CapturedBody("application/json", "", true)),
        };

        await WriteAsync(noBodies, emptyBodies);

        AssertSameRecord(noBodies, await Store.GetAsync(TenantA, noBodies.Id, Ct));
        AssertSameRecord(emptyBodies, await Store.GetAsync(TenantA, emptyBodies.Id, Ct));
    }

    [Fact]
    public async Task A_body_of_the_largest_captured_size_comes_back_whole()
    {
        // Three UTF-8 bytes per character: the whole text is exactly the cap in bytes.
        var text = new string('€', RequestLimits.MaxBodyBytes / 3);
        var record = Requests.Next(TenantA) with
        {
            Detail = new RequestDetail([], [], new CapturedBody("text/plain; charset=utf-8", text, true), null),
        };

        await WriteAsync(record);

        AssertSameRecord(record, await Store.GetAsync(TenantA, record.Id, Ct));
    }

    [Fact]
    public async Task Extreme_numbers_round_trip()
    {
        var record = Requests.Next(TenantA) with
        {
            Status = 599,
            DurationMicroseconds = long.MaxValue,
            UpstreamDurationMicroseconds = 0,
            RequestBytes = long.MaxValue,
            ResponseBytes = 0,
        };

        await WriteAsync(record);

        AssertSameRecord(record, await Store.GetAsync(TenantA, record.Id, Ct));
    }

    [Fact]
    public async Task Redelivering_a_batch_stores_each_record_once()
    {
        var batch = Requests.Many(TenantA, 5, (r, i) => i == 2 ? Requests.Full(TenantA) : r);

        await Store.WriteAsync(batch, Ct);
        await Store.WriteAsync(batch, Ct);
        await Store.WriteAsync([.. batch.Skip(3), Requests.Next(TenantA)], Ct);

        var stored = await ReadAllAsync(TenantA);
        Assert.Equal(6, stored.Count);
        Assert.Equal(stored.Count, stored.Select(r => r.Id).Distinct().Count());
        AssertSameRecord(batch[2], await Store.GetAsync(TenantA, batch[2].Id, Ct));
    }

    [Fact]
    public async Task A_redelivered_id_keeps_the_first_version()
    {
        var first = Requests.Full(TenantA);
        var changed = first with { Status = 200, Path = "/changed", Error = null, Detail = null };

        await WriteAsync(first);
        await WriteAsync(changed);

        AssertSameRecord(first, await Store.GetAsync(TenantA, first.Id, Ct));
    }

    [Fact]
    public async Task An_id_repeated_within_one_batch_is_stored_once()
    {
        var record = Requests.Next(TenantA);

        await WriteAsync(record, Requests.Next(TenantA), record with { Status = 500 });

        var stored = await ReadAllAsync(TenantA);
        Assert.Equal(2, stored.Count);
        AssertSameRecord(record, await Store.GetAsync(TenantA, record.Id, Ct));
    }

    [Fact]
    public async Task A_batch_with_records_of_several_tenants_stores_each_under_its_own()
    {
        var a1 = Requests.Next(TenantA);
        var b1 = Requests.Full(TenantB);
        var a2 = Requests.Next(TenantA);
        var c1 = Requests.Minimal("tenant-c");

        await WriteAsync(a1, b1, a2, c1);

        Assert.Equal(NewestFirst([a1, a2]), (await ReadAllAsync(TenantA)).Select(r => r.Id));
        Assert.Equal([b1.Id], (await ReadAllAsync(TenantB)).Select(r => r.Id));
        Assert.Equal([c1.Id], (await ReadAllAsync("tenant-c")).Select(r => r.Id));
        AssertSameRecord(b1, await Store.GetAsync(TenantB, b1.Id, Ct));
    }

    [Fact]
    public async Task An_empty_batch_stores_nothing()
    {
        await Store.WriteAsync([], Ct);

        Assert.Empty((await QueryAsync(TenantA)).Items);
    }

    [Fact]
    public async Task A_batch_with_an_invalid_record_is_refused_whole()
    {
        var valid = Requests.Next(TenantA);
        var invalid = Requests.Next(TenantA) with { Path = null! };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => WriteAsync(valid, invalid));

        Assert.Null(await Store.GetAsync(TenantA, valid.Id, Ct));
        Assert.Empty((await QueryAsync(TenantA)).Items);
    }

    [Fact]
    public async Task Concurrent_writers_lose_nothing()
    {
        var batches = Enumerable.Range(0, 8).Select(_ => Requests.Many(TenantA, 50)).ToList();

        await Task.WhenAll(batches.Select(b => Task.Run(() => Store.WriteAsync(b, Ct), Ct)));

        var stored = await ReadAllAsync(TenantA);
        Assert.Equal(NewestFirst(batches.SelectMany(b => b)), stored.Select(r => r.Id));
    }

    [Fact]
    public async Task A_missing_id_is_not_found()
    {
        await WriteAsync(Requests.Next(TenantA));

        Assert.Null(await Store.GetAsync(TenantA, Guid.CreateVersion7(), Ct));
    }
}
