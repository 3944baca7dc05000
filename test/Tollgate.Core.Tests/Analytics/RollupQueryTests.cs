using Tollgate.Core.Analytics;
using Xunit;

namespace Tollgate.Core.Tests.Analytics;

public sealed class RollupQueryTests
{
    private static readonly DateTimeOffset Ten = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_query_merges_only_when_it_asks_for_coarser_buckets_or_fewer_dimensions()
    {
        var plain = new RollupQuery(RollupKind.Endpoint, RollupWidth.Minute, Ten, Ten.AddHours(1));

        Assert.False(plain.Merges);
        Assert.False((plain with { BucketSeconds = 60 }).Merges);
        Assert.True((plain with { BucketSeconds = 300 }).Merges);
        Assert.True((plain with { Dimensions = RollupDimensions.Service }).Merges);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(90)]
    public void A_bucket_that_is_not_a_positive_multiple_of_the_width_is_refused(long seconds)
    {
        var query = new RollupQuery(RollupKind.Service, RollupWidth.Minute, Ten, Ten.AddHours(1)) { BucketSeconds = seconds };

        Assert.Throws<ArgumentException>(query.Validate);
    }

    [Fact]
    public void Unknown_dimension_flags_are_refused()
    {
        var query = new RollupQuery(RollupKind.Service, RollupWidth.Minute, Ten, Ten.AddHours(1)) { Dimensions = (RollupDimensions)64 };

        Assert.Throws<ArgumentException>(query.Validate);
    }
}
