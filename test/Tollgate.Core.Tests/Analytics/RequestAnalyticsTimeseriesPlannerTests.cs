using Tollgate.Core.Analytics;

namespace Tollgate.Core.Tests.Analytics;

public sealed class RequestAnalyticsTimeseriesPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 34, 56, TimeSpan.Zero);

    public static TheoryData<double, AnalyticsInterval> Spans => new()
    {
        { 1, AnalyticsInterval.OneMinute },
        { 6, AnalyticsInterval.OneMinute },
        { 6.5, AnalyticsInterval.FiveMinutes },
        { 48, AnalyticsInterval.FiveMinutes },
        { 49, AnalyticsInterval.OneHour },
        { 60 * 24, AnalyticsInterval.OneHour },
        { (60 * 24) + 1, AnalyticsInterval.OneDay },
        { 8784, AnalyticsInterval.OneDay },
    };

    [Theory]
    [MemberData(nameof(Spans))]
    public void Without_an_interval_one_is_chosen_by_the_length_of_the_range(double hours, AnalyticsInterval expected)
    {
        var plan = TimeseriesPlanner.Plan(Now.AddHours(-hours), Now, null, Now, new RollupOptions());

        Assert.Equal(expected, plan.Interval);
        Assert.True(plan.IntervalChosen);
        Assert.Equal(TimeseriesRefusal.None, plan.Refusal);
        Assert.InRange(plan.Points, 1, TimeseriesPlanner.MaxPoints);
    }

    [Fact]
    public void Chosen_interval_is_an_hour_when_minute_rollups_do_not_reach_back_far_enough()
    {
        var plan = TimeseriesPlanner.Plan(Now.AddDays(-2), Now, null, Now, new RollupOptions { MinuteRetentionDays = 1 });

        Assert.Equal(AnalyticsInterval.OneHour, plan.Interval);
        Assert.Equal(TimeseriesRefusal.None, plan.Refusal);
    }

    [Fact]
    public void Range_is_aligned_outward_to_the_interval()
    {
        var plan = TimeseriesPlanner.Plan(At("2026-03-10T01:07:30Z"), At("2026-03-10T02:01:00Z"), AnalyticsInterval.FiveMinutes, Now, new RollupOptions());

        Assert.Equal((At("2026-03-10T01:05:00Z"), At("2026-03-10T02:05:00Z"), 12L), (plan.From, plan.To, plan.Points));
        Assert.False(plan.IntervalChosen);
    }

    [Fact]
    public void Minute_interval_before_the_minute_retention_is_refused_suggesting_an_hour()
    {
        var plan = TimeseriesPlanner.Plan(Now.AddDays(-8), Now.AddDays(-8).AddHours(1), AnalyticsInterval.OneMinute, Now, new RollupOptions());

        Assert.Equal(TimeseriesRefusal.BeforeMinuteRetention, plan.Refusal);
        Assert.Equal(AnalyticsInterval.OneHour, plan.Suggested);
    }

    [Fact]
    public void Too_many_points_are_refused_suggesting_the_finest_interval_that_fits()
    {
        var minutes = TimeseriesPlanner.Plan(Now.AddDays(-2), Now, AnalyticsInterval.OneMinute, Now, new RollupOptions());
        var hours = TimeseriesPlanner.Plan(Now.AddDays(-300), Now, AnalyticsInterval.OneHour, Now, new RollupOptions());

        Assert.Equal((TimeseriesRefusal.TooManyPoints, AnalyticsInterval.FiveMinutes), (minutes.Refusal, minutes.Suggested));
        Assert.Equal(2_881, minutes.Points);
        Assert.Equal((TimeseriesRefusal.TooManyPoints, AnalyticsInterval.OneDay), (hours.Refusal, hours.Suggested));
    }

    [Fact]
    public void Exactly_the_maximum_of_points_is_accepted()
    {
        var from = At("2026-03-09T00:00:00Z");

        var plan = TimeseriesPlanner.Plan(from, from.AddMinutes(TimeseriesPlanner.MaxPoints), AnalyticsInterval.OneMinute, Now, new RollupOptions());
        var more = TimeseriesPlanner.Plan(from, from.AddMinutes(TimeseriesPlanner.MaxPoints + 1), AnalyticsInterval.OneMinute, Now, new RollupOptions());

        Assert.Equal((TimeseriesRefusal.None, 1_500L), (plan.Refusal, plan.Points));
        Assert.Equal(TimeseriesRefusal.TooManyPoints, more.Refusal);
    }

    [Fact]
    public void Start_before_the_hour_retention_moves_to_the_first_whole_bucket_kept()
    {
        var plan = TimeseriesPlanner.Plan(Now.AddDays(-40), Now, AnalyticsInterval.OneDay, Now, new RollupOptions { HourRetentionDays = 30 });

        Assert.Equal((At("2026-02-09T00:00:00Z"), At("2026-03-11T00:00:00Z"), 30L), (plan.From, plan.To, plan.Points));
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
