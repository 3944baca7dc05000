using Tollgate.Core.Analytics;

namespace Tollgate.Core.Tests.Analytics;

public sealed class RequestAnalyticsRangePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 34, 56, TimeSpan.Zero);
    private static readonly RollupOptions Options = new();

    [Fact]
    public void Range_within_one_hour_reads_only_minutes()
    {
        var plan = Plan("2026-03-09T10:05:00Z", "2026-03-09T10:50:00Z");

        Assert.Equal([Segment(RollupWidth.Minute, "2026-03-09T10:05:00Z", "2026-03-09T10:50:00Z")], plan.Segments);
        Assert.Equal((At("2026-03-09T10:05:00Z"), At("2026-03-09T10:50:00Z")), (plan.From, plan.To));
    }

    [Fact]
    public void Range_across_hours_reads_minutes_only_at_its_edges()
    {
        var plan = Plan("2026-03-09T10:30:00Z", "2026-03-09T13:30:00Z");

        Assert.Equal(
            [
                Segment(RollupWidth.Minute, "2026-03-09T10:30:00Z", "2026-03-09T11:00:00Z"),
                Segment(RollupWidth.Hour, "2026-03-09T11:00:00Z", "2026-03-09T13:00:00Z"),
                Segment(RollupWidth.Minute, "2026-03-09T13:00:00Z", "2026-03-09T13:30:00Z"),
            ],
            plan.Segments);
    }

    [Fact]
    public void Range_of_whole_hours_reads_no_minutes()
    {
        var plan = Plan("2026-03-09T10:00:00Z", "2026-03-09T13:00:00Z");

        Assert.Equal([Segment(RollupWidth.Hour, "2026-03-09T10:00:00Z", "2026-03-09T13:00:00Z")], plan.Segments);
    }

    [Fact]
    public void Range_across_days_reads_whole_days_from_day_rows()
    {
        var plan = Plan("2026-03-05T10:30:00Z", "2026-03-08T13:30:00Z");

        Assert.Equal(
            [
                Segment(RollupWidth.Minute, "2026-03-05T10:30:00Z", "2026-03-05T11:00:00Z"),
                Segment(RollupWidth.Hour, "2026-03-05T11:00:00Z", "2026-03-06T00:00:00Z"),
                Segment(RollupWidth.Day, "2026-03-06T00:00:00Z", "2026-03-08T00:00:00Z"),
                Segment(RollupWidth.Hour, "2026-03-08T00:00:00Z", "2026-03-08T13:00:00Z"),
                Segment(RollupWidth.Minute, "2026-03-08T13:00:00Z", "2026-03-08T13:30:00Z"),
            ],
            plan.Segments);
    }

    [Fact]
    public void Range_across_one_midnight_without_a_whole_day_reads_hours()
    {
        var plan = Plan("2026-03-08T22:00:00Z", "2026-03-09T02:00:00Z");

        Assert.Equal([Segment(RollupWidth.Hour, "2026-03-08T22:00:00Z", "2026-03-09T02:00:00Z")], plan.Segments);
    }

    [Fact]
    public void Thirty_days_read_29_days_from_day_rows_and_minutes_only_at_the_recent_edge()
    {
        var plan = RollupRangePlanner.Plan(Now.AddDays(-30), Now, Now, Options);

        Assert.Equal(
            [RollupWidth.Hour, RollupWidth.Day, RollupWidth.Hour, RollupWidth.Minute],
            plan.Segments.Select(s => s.Width));
        Assert.Equal((At("2026-02-08T12:00:00Z"), At("2026-03-10T12:35:00Z")), (plan.From, plan.To));
        var day = Assert.Single(plan.Segments, s => s.Width == RollupWidth.Day);
        Assert.Equal(29, (day.To - day.From).TotalDays);
        Assert.All(plan.Segments.Where(s => s.Width == RollupWidth.Minute), s => Assert.True(s.To - s.From < TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Range_is_aligned_outward_to_whole_minutes()
    {
        var plan = Plan("2026-03-09T10:05:30.250Z", "2026-03-09T10:50:00.001Z");

        Assert.Equal((At("2026-03-09T10:05:00Z"), At("2026-03-09T10:51:00Z")), (plan.From, plan.To));
    }

    [Fact]
    public void Start_before_the_minute_retention_is_widened_to_its_hour()
    {
        // Minute rows are kept 7 days: from 2026-03-03T12:34:56Z on.
        var plan = Plan("2026-03-02T10:30:00Z", "2026-03-02T13:30:00Z");

        Assert.Equal((At("2026-03-02T10:00:00Z"), At("2026-03-02T14:00:00Z")), (plan.From, plan.To));
        Assert.Equal([Segment(RollupWidth.Hour, "2026-03-02T10:00:00Z", "2026-03-02T14:00:00Z")], plan.Segments);
    }

    [Fact]
    public void Only_the_edge_before_the_minute_retention_is_widened()
    {
        var plan = Plan("2026-03-02T10:30:00Z", "2026-03-09T13:30:00Z");

        Assert.Equal((At("2026-03-02T10:00:00Z"), At("2026-03-09T13:30:00Z")), (plan.From, plan.To));
        Assert.DoesNotContain(plan.Segments, s => s.Width == RollupWidth.Minute && s.From < At("2026-03-09T00:00:00Z"));
        Assert.Contains(Segment(RollupWidth.Minute, "2026-03-09T13:00:00Z", "2026-03-09T13:30:00Z"), plan.Segments);
    }

    [Fact]
    public void Minutes_at_the_retention_limit_are_still_read_from_minute_rows()
    {
        // The first minute bucket wholly kept starts at 12:35; one starting at 12:34 began before the cutoff.
        var kept = Plan("2026-03-03T12:35:00Z", "2026-03-03T12:40:00Z");
        var gone = Plan("2026-03-03T12:34:00Z", "2026-03-03T12:40:00Z");

        Assert.Equal([Segment(RollupWidth.Minute, "2026-03-03T12:35:00Z", "2026-03-03T12:40:00Z")], kept.Segments);
        Assert.Equal([Segment(RollupWidth.Hour, "2026-03-03T12:00:00Z", "2026-03-03T13:00:00Z")], gone.Segments);
    }

    [Fact]
    public void Start_before_the_hour_retention_moves_to_the_first_whole_hour_kept()
    {
        var options = new RollupOptions { HourRetentionDays = 30 };

        var plan = RollupRangePlanner.Plan(Now.AddDays(-40), Now, Now, options);

        Assert.Equal(At("2026-02-08T13:00:00Z"), plan.From);
        Assert.Equal(At("2026-02-08T13:00:00Z"), plan.Segments[0].From);
    }

    [Fact]
    public void Range_wholly_before_the_hour_retention_is_empty()
    {
        var plan = Plan("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z");

        Assert.Empty(plan.Segments);
        Assert.Equal(plan.To, plan.From);
    }

    [Fact]
    public void Segments_tile_random_ranges_exactly_with_aligned_buckets()
    {
        var random = new Random(6);
        for (var i = 0; i < 2_000; i++)
        {
            var from = Now.AddSeconds(-random.NextInt64(0, 60L * 86_400)).AddTicks(-random.Next(0, 10_000_000));
            var to = from.AddSeconds(random.NextInt64(1, 40L * 86_400));
            var minuteFloor = Now.AddDays(-Options.MinuteRetentionDays);

            var plan = RollupRangePlanner.Plan(from, to, Now, Options);

            Assert.True(plan.From <= from && plan.To >= to, $"{plan.From:o}–{plan.To:o} does not cover {from:o}–{to:o}.");
            var cursor = plan.From;
            foreach (var segment in plan.Segments)
            {
                Assert.Equal(cursor, segment.From);
                Assert.True(segment.From < segment.To);
                var width = (long)segment.Width * TimeSpan.TicksPerSecond;
                Assert.Equal(0, segment.From.UtcTicks % width);
                Assert.Equal(0, segment.To.UtcTicks % width);
                Assert.True(segment.Width != RollupWidth.Minute || segment.From >= minuteFloor, $"Minute rows before the retention read for {from:o}–{to:o}.");
                cursor = segment.To;
            }

            Assert.Equal(plan.To, cursor);
            Assert.True(plan.Segments.Count <= 5);
        }
    }

    private static RollupPlan Plan(string from, string to) => RollupRangePlanner.Plan(At(from), At(to), Now, Options);

    private static RollupSegment Segment(RollupWidth width, string from, string to) => new(width, At(from), At(to));

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
