using Tollgate.Gateway.Tracing;

namespace Tollgate.Gateway.Tests.Tracing;

public sealed class TimeOrderedTraceIdsTests
{
    [Fact]
    public void Ids_of_later_milliseconds_sort_after_earlier_ones()
    {
        var start = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 100).Select(i => TimeOrderedTraceIds.Create(start.AddMilliseconds(i)).ToHexString()).ToList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void The_first_six_bytes_are_the_unix_milliseconds_and_the_rest_differs_per_id()
    {
        var now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, 123, TimeSpan.Zero);
        var first = TimeOrderedTraceIds.Create(now).ToHexString();
        var second = TimeOrderedTraceIds.Create(now).ToHexString();

        Assert.Equal(now.ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture), first[..12]);
        Assert.Equal(first[..12], second[..12]);
        Assert.NotEqual(first[12..], second[12..]);
    }
}
