using Tollgate.Core.Audit;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class AuditEventStoreContract
{
    [Fact]
    public async Task Stats_count_by_event_type_and_service_largest_first()
    {
        var plan = new (string Type, string Service)[]
        {
            ("user.login", "auth"), ("user.login", "auth"), ("user.logout", "web"), ("user.login", "web"),
            ("invoice.paid", "billing"), ("user.logout", "web"), ("user.login", "auth"), ("user.login", "web"),
            ("user.logout", "web"), ("user.logout", "web"),
        };
        await AppendManyAsync(TenantA, plan.Length, (e, i) => e.WithType(plan[i].Type).WithService(plan[i].Service).At(QueryBase.AddMinutes(i)));

        var stats = await Store.GetStatsAsync(TenantA, AuditEventFilter.All, AuditStatsInterval.Hour, Ct);

        Assert.Equal(10, stats.Total);
        Assert.Equal([new("user.login", 5), new("user.logout", 4), new("invoice.paid", 1)], stats.ByEventType.ToArray());
        Assert.Equal([new("web", 6), new("auth", 3), new("billing", 1)], stats.BySrcService.ToArray());
        Assert.Equal([new(QueryBase, 10)], stats.OverTime.ToArray());
    }

    [Fact]
    public async Task Stats_hour_buckets_split_exactly_at_the_hour_and_omit_empty_ones()
    {
        var times = new[]
        {
            Utc(2025, 1, 15, 10, 0, 0),
            Utc(2025, 1, 15, 10, 59, 59, 999_999),
            Utc(2025, 1, 15, 11, 0, 0),
            Utc(2025, 1, 15, 13, 30, 0),
            Utc(2025, 1, 15, 10, 30, 0),
        };
        await AppendManyAsync(TenantA, times.Length, (e, i) => e.At(times[i]));

        var stats = await Store.GetStatsAsync(TenantA, AuditEventFilter.All, AuditStatsInterval.Hour, Ct);

        Assert.Equal(
            [new(Utc(2025, 1, 15, 10), 3), new(Utc(2025, 1, 15, 11), 1), new(Utc(2025, 1, 15, 13), 1)],
            stats.OverTime.ToArray());
        Assert.All(stats.OverTime, b => Assert.Equal(TimeSpan.Zero, b.Key.Offset));
    }

    [Fact]
    public async Task Stats_day_buckets_are_utc_days()
    {
        var times = new[]
        {
            Utc(2025, 1, 14, 23, 59, 59, 999_999),
            Utc(2025, 1, 15, 0, 0, 0),
            Utc(2025, 1, 15, 23, 0, 0),
            Utc(2025, 1, 17, 12, 0, 0),
        };
        await AppendManyAsync(TenantA, times.Length, (e, i) => e.At(times[i]));

        var stats = await Store.GetStatsAsync(TenantA, AuditEventFilter.All, AuditStatsInterval.Day, Ct);

        Assert.Equal(
            [new(Utc(2025, 1, 14), 1), new(Utc(2025, 1, 15), 2), new(Utc(2025, 1, 17), 1)],
            stats.OverTime.ToArray());
    }

    [Fact]
    public async Task Stats_cover_only_the_filters_time_range()
    {
        var times = new[] { Utc(2025, 1, 15, 9, 59, 59, 999_999), Utc(2025, 1, 15, 10), Utc(2025, 1, 15, 11, 59), Utc(2025, 1, 15, 12) };
        await AppendManyAsync(TenantA, times.Length, (e, i) => e.At(times[i]).WithType($"type-{i}"));

        var stats = await Store.GetStatsAsync(TenantA, new() { From = Utc(2025, 1, 15, 10), To = Utc(2025, 1, 15, 12) }, AuditStatsInterval.Hour, Ct);

        Assert.Equal(2, stats.Total);
        Assert.Equal(["type-1", "type-2"], stats.ByEventType.Select(p => p.Key).Order());
        Assert.Equal([new(Utc(2025, 1, 15, 10), 1), new(Utc(2025, 1, 15, 11), 1)], stats.OverTime.ToArray());
    }

    [Fact]
    public async Task Stats_apply_the_other_filter_members_too()
    {
        await AppendManyAsync(TenantA, 6, (e, i) => e.WithService(i < 4 ? "auth" : "web").WithType(i % 2 == 0 ? "even" : "odd").At(QueryBase));

        var stats = await Store.GetStatsAsync(TenantA, new() { SrcService = "web" }, AuditStatsInterval.Day, Ct);

        Assert.Equal(2, stats.Total);
        Assert.Equal([new("web", 2)], stats.BySrcService.ToArray());
        Assert.Equal(["even", "odd"], stats.ByEventType.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Stats_of_an_empty_range_are_empty()
    {
        await AppendManyAsync(TenantA, 2, (e, _) => e.At(QueryBase));

        var stats = await Store.GetStatsAsync(TenantA, new() { From = QueryBase.AddDays(1) }, AuditStatsInterval.Hour, Ct);

        Assert.Equal(0, stats.Total);
        Assert.Empty(stats.ByEventType);
        Assert.Empty(stats.BySrcService);
        Assert.Empty(stats.OverTime);
    }
}
