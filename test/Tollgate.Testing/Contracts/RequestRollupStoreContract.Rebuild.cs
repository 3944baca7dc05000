using Tollgate.Core.Analytics;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class RequestRollupStoreContract
{
    [Fact]
    public async Task A_rebuild_gives_back_the_same_rollups()
    {
        var random = new Random(11);
        var records = Enumerable.Range(0, 300)
            .Select(i => Request(Hour.AddSeconds(i * 97), status: random.Next(10) == 0 ? 500 : 200, durationMicroseconds: random.Next(1, 500_000)) with
            {
                Service = i % 3 == 0 ? "billing" : "orders-api",
                Principal = i % 4 == 0 ? null : $"key:{i % 4}",
            })
            .ToArray();
        await WriteAsync(records);
        var before = await SnapshotAsync(TenantA);

        var result = await Rollups.RebuildAsync(TenantA, Hour, Hour.AddHours(9), Ct);

        Assert.Equal(Day, result.From);
        Assert.Equal(RequestRollups.BucketOf(records.Max(r => r.Timestamp), RollupWidth.Day).AddDays(1), result.To);
        Assert.Equal(records.Length, result.Requests);
        Assert.Equal(before.Count, result.Rows);
        AssertSameSnapshot(before, await SnapshotAsync(TenantA));
    }

    [Fact]
    public async Task A_rebuild_twice_changes_nothing()
    {
        await WriteAsync([.. Enumerable.Range(0, 30).Select(i => Request(Hour.AddMinutes(i)))]);
        var before = await SnapshotAsync(TenantA);

        await Rollups.RebuildAsync(null, Hour, Hour.AddMinutes(1), Ct);
        await Rollups.RebuildAsync(null, Hour, Hour.AddMinutes(1), Ct);

        AssertSameSnapshot(before, await SnapshotAsync(TenantA));
    }

    [Fact]
    public async Task A_rebuild_of_one_tenant_leaves_the_others_alone_and_of_all_covers_each()
    {
        await WriteAsync(Request(Hour, TenantA), Request(Hour, TenantB), Request(Hour.AddMinutes(1), TenantB));
        var a = await SnapshotAsync(TenantA);
        var b = await SnapshotAsync(TenantB);

        var one = await Rollups.RebuildAsync(TenantB, Hour, Hour.AddHours(1), Ct);
        var all = await Rollups.RebuildAsync(null, Hour, Hour.AddHours(1), Ct);

        Assert.Equal(2, one.Requests);
        Assert.Equal(3, all.Requests);
        AssertSameSnapshot(a, await SnapshotAsync(TenantA));
        AssertSameSnapshot(b, await SnapshotAsync(TenantB));
    }

    [Fact]
    public async Task A_rebuild_covers_whole_days_and_only_them()
    {
        var dayBefore = Request(Hour.AddDays(-1));
        var inDay = Request(Hour.AddHours(5));
        var dayAfter = Request(Day.AddDays(1).AddMinutes(3));
        await WriteAsync(dayBefore, inDay, dayAfter);

        var result = await Rollups.RebuildAsync(TenantA, Hour.AddHours(2), Hour.AddHours(3), Ct);

        Assert.Equal((Day, Day.AddDays(1), 1L), (result.From, result.To, result.Requests));
        var days = await ReadAsync(RollupKind.Endpoint, RollupWidth.Day, Day.AddDays(-1), Day.AddDays(2));
        Assert.Equal(3, days.Count);
        Assert.All(days, d => Assert.Equal(1, d.Cell.Count));
    }

    [Fact]
    public async Task Writes_during_a_rebuild_are_neither_lost_nor_counted_twice()
    {
        var first = Enumerable.Range(0, 500).Select(i => Request(Hour.AddMilliseconds(i * 13))).ToArray();
        await WriteAsync(first);
        var more = Enumerable.Range(0, 20)
            .Select(b => Enumerable.Range(0, 50).Select(i => Request(Hour.AddSeconds(10 + b).AddMilliseconds(i))).ToArray())
            .ToArray();

        var writes = Task.Run(async () =>
        {
            foreach (var batch in more)
            {
                await Store.WriteAsync(batch, Ct);
            }
        }, Ct);
        for (var i = 0; i < 5; i++)
        {
            await Rollups.RebuildAsync(TenantA, Hour, Hour.AddHours(1), Ct);
        }

        await writes;

        var expected = Expected([.. first, .. more.SelectMany(b => b)]);
        AssertSameCell(expected, Total(await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Minute)));
        AssertSameCell(expected, Total(await ReadDayAsync(RollupKind.Consumer, RollupWidth.Day)));
    }

    [Fact]
    public async Task A_rebuild_of_an_empty_range_writes_nothing()
    {
        var result = await Rollups.RebuildAsync(null, Hour, Hour.AddDays(2), Ct);

        Assert.Equal((0L, 0L), (result.Requests, result.Rows));
        Assert.Empty(await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Day));
    }

    private async Task<Dictionary<RollupKey, RollupCell>> SnapshotAsync(string tenantId)
    {
        var snapshot = new Dictionary<RollupKey, RollupCell>();
        foreach (var kind in Enum.GetValues<RollupKind>())
        {
            foreach (var width in RollupWidths.Of(kind))
            {
                foreach (var row in await ReadDayAsync(kind, width, tenantId))
                {
                    snapshot.Add(row.Key, row.Cell);
                }
            }
        }

        return snapshot;
    }

    private static void AssertSameSnapshot(Dictionary<RollupKey, RollupCell> expected, Dictionary<RollupKey, RollupCell> actual)
    {
        Assert.Equal(expected.Keys.OrderBy(k => k.ToString(), StringComparer.Ordinal), actual.Keys.OrderBy(k => k.ToString(), StringComparer.Ordinal));
        foreach (var (key, cell) in expected)
        {
            AssertSameCell(cell, actual[key]);
        }
    }
}
