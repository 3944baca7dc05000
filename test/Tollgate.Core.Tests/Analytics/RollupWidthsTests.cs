using Tollgate.Core.Analytics;

namespace Tollgate.Core.Tests.Analytics;

public sealed class RollupWidthsTests
{
    [Theory]
    [InlineData(RollupKind.Endpoint, 60, RollupWidth.Minute)]
    [InlineData(RollupKind.Endpoint, 300, RollupWidth.Minute)]
    [InlineData(RollupKind.Consumer, 3_600, RollupWidth.Hour)]
    [InlineData(RollupKind.Endpoint, 86_400, RollupWidth.Day)]
    [InlineData(RollupKind.Service, 300, RollupWidth.FiveMinutes)]
    [InlineData(RollupKind.Service, 3_600, RollupWidth.Hour)]
    [InlineData(RollupKind.Service, 172_800, RollupWidth.Day)]
    public void Buckets_are_read_from_the_widest_width_of_the_kind_that_makes_them_whole(RollupKind kind, long seconds, RollupWidth width) =>
        Assert.Equal(width, RollupWidths.For(kind, seconds));

    [Fact]
    public void Service_rows_have_no_width_for_minute_buckets()
    {
        Assert.Null(RollupWidths.For(RollupKind.Service, 60));
        Assert.DoesNotContain(RollupWidth.Minute, RollupWidths.Of(RollupKind.Service));
        Assert.DoesNotContain(RollupWidth.FiveMinutes, RollupWidths.Of(RollupKind.Endpoint));
    }
}
