using Tollgate.Core.Analytics;

namespace Tollgate.Core.Tests.Analytics;

public sealed class LatencySketchTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.95)]
    [InlineData(0.99)]
    [InlineData(0.999)]
    public void Quantiles_of_a_lognormal_set_are_within_one_percent_of_exact_nearest_rank(double q)
    {
        var values = Lognormal(seed: 42, count: 100_000, median: 20_000, sigma: 1.2);
        var sketch = new LatencySketch();
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        var exact = NearestRank(values, q);

        Assert.InRange(sketch.Quantile(q)!.Value, exact * (1 - LatencySketch.RelativeAccuracy), exact * (1 + LatencySketch.RelativeAccuracy));
    }

    [Fact]
    public void Every_rank_of_a_wide_range_is_within_one_percent()
    {
        var values = new List<long>();
        for (long v = 1; v < 10_000_000_000; v = (v * 11 / 10) + 1)
        {
            values.Add(v);
        }

        var sketch = new LatencySketch();
        values.ForEach(sketch.Add);
        values.Sort();

        for (var rank = 1; rank <= values.Count; rank++)
        {
            var q = (double)rank / values.Count;
            var exact = NearestRank(values, q);
            Assert.InRange(sketch.Quantile(q)!.Value, exact * 0.99, exact * 1.01);
        }
    }

    [Fact]
    public void Merged_sketches_answer_as_one_sketch_of_all_values()
    {
        var values = Lognormal(seed: 3, count: 30_000, median: 5_000, sigma: 0.8);
        var whole = new LatencySketch();
        var parts = new[] { new LatencySketch(), new LatencySketch(), new LatencySketch() };
        for (var i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            parts[i % 3].Add(values[i]);
        }

        var merged = new LatencySketch();
        foreach (var part in parts)
        {
            merged.Merge(part);
        }

        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.ToArray(), merged.ToArray());
    }

    [Fact]
    public void Encoding_round_trips_and_merges_without_decoding_first()
    {
        var a = new LatencySketch();
        var b = new LatencySketch();
        foreach (var v in new long[] { 0, 0, 1, 17, 250, 250, 3_000_000, 86_400_000_000 })
        {
            a.Add(v);
        }

        b.Add(40, 1_000_000);
        b.Add(0);

        var decoded = LatencySketch.Decode(a.ToArray());
        var merged = LatencySketch.Decode(LatencySketch.MergeEncoded(a.ToArray(), b.ToArray()));

        Assert.Equal(a.ToArray(), decoded.ToArray());
        Assert.Equal((8L, 2L), (decoded.Count, decoded.ZeroCount));
        Assert.Equal((1_000_009L, 3L), (merged.Count, merged.ZeroCount));
        Assert.InRange(merged.Quantile(0.5)!.Value, 39.6, 40.4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Merging_encodings_side_by_side_equals_merging_sketches(int seed)
    {
        var random = new Random(seed);
        var a = new LatencySketch();
        var b = new LatencySketch();
        for (var i = 0; i < 2_000; i++)
        {
            a.Add(random.Next(0, 3) == 0 ? 0 : (long)Math.Exp(random.NextDouble() * 14));
            b.Add((long)Math.Exp(random.NextDouble() * 20), random.Next(1, 300));
        }

        var expected = LatencySketch.Decode(a.ToArray());
        expected.Merge(b);

        Assert.Equal(expected.ToArray(), LatencySketch.MergeEncoded(a.ToArray(), b.ToArray()));
        Assert.Equal(expected.ToArray(), LatencySketch.MergeEncoded(b.ToArray(), a.ToArray()));
        Assert.Equal(a.ToArray(), LatencySketch.MergeEncoded(a.ToArray(), new LatencySketch().ToArray()));
    }

    [Fact]
    public void An_empty_sketch_has_no_quantile_and_encodes_in_three_bytes()
    {
        var sketch = new LatencySketch();

        Assert.Null(sketch.Quantile(0.5));
        Assert.Equal([1, 0, 0], sketch.ToArray());
        Assert.Equal(0, LatencySketch.Decode(sketch.ToArray()).Count);
    }

    [Fact]
    public void Zero_and_negative_latencies_count_as_zero()
    {
        var sketch = new LatencySketch();
        sketch.Add(-5);
        sketch.Add(0);
        sketch.Add(1_000);

        Assert.Equal(2, sketch.ZeroCount);
        Assert.Equal(0, sketch.Quantile(0.5));
        Assert.InRange(sketch.Quantile(1)!.Value, 990, 1_010);
    }

    [Fact]
    public void A_typical_hour_of_one_route_encodes_in_a_few_hundred_bytes()
    {
        var sketch = new LatencySketch();
        foreach (var v in Lognormal(seed: 5, count: 50_000, median: 30_000, sigma: 0.7))
        {
            sketch.Add(v);
        }

        Assert.InRange(sketch.ToArray().Length, 50, 1_200);
    }

    [Fact]
    public void A_sketch_over_an_encoding_answers_and_merges_as_the_decoded_one()
    {
        var a = new LatencySketch();
        var b = new LatencySketch();
        foreach (var v in Lognormal(seed: 7, count: 5_000, median: 20_000, sigma: 1.1))
        {
            a.Add(v);
        }

        b.Add(0, 3);
        b.Add(900_000, 40);

        var merged = new LatencySketch();
        merged.Merge(LatencySketch.FromEncoded(a.ToArray()));
        merged.Merge(LatencySketch.FromEncoded(b.ToArray()));
        var lazyFirst = LatencySketch.FromEncoded(a.ToArray());
        lazyFirst.Merge(b);
        var expected = LatencySketch.Decode(a.ToArray());
        expected.Merge(b);

        Assert.Equal(expected.ToArray(), merged.ToArray());
        Assert.Equal(expected.ToArray(), lazyFirst.ToArray());
        Assert.Equal((5_043L, 3L), (merged.Count, merged.ZeroCount));
        Assert.Equal(a.Quantile(0.95), LatencySketch.FromEncoded(a.ToArray()).Quantile(0.95));
    }

    [Fact]
    public void A_damaged_encoding_read_lazily_is_refused_on_first_use()
    {
        var damaged = LatencySketch.FromEncoded([1, 0, 2, 5, 1, 0, 1]);

        Assert.Throws<FormatException>(() => new LatencySketch().Merge(damaged));
        Assert.Throws<FormatException>(() => LatencySketch.FromEncoded([2, 0, 0]).Quantile(0.5));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 0, 0 })]
    [InlineData(new byte[] { 1, 0 })]
    [InlineData(new byte[] { 1, 0, 1, 5 })]
    [InlineData(new byte[] { 1, 0, 0, 9 })]
    [InlineData(new byte[] { 1, 0, 2, 5, 1, 0, 1 })]
    [InlineData(new byte[] { 1, 0, 1, 0xFF, 0xFF, 0x03, 1 })]
    [InlineData(new byte[] { 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0 })]
    public void Damaged_encodings_are_refused(byte[] encoded)
    {
        var valid = new LatencySketch();
        valid.Add(1_000);

        Assert.Throws<FormatException>(() => LatencySketch.Decode(encoded));
        Assert.Throws<FormatException>(() => LatencySketch.MergeEncoded(valid.ToArray(), encoded));
        Assert.Throws<FormatException>(() => LatencySketch.MergeEncoded(encoded, valid.ToArray()));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void A_quantile_outside_zero_to_one_is_refused(double q) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencySketch().Quantile(q));

    /// <summary>Seeded lognormal latencies in microseconds (Box–Muller).</summary>
    internal static long[] Lognormal(int seed, int count, double median, double sigma)
    {
        var random = new Random(seed);
        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = Math.Max(1, (long)(median * Math.Exp(sigma * normal)));
        }

        return values;
    }

    private static double NearestRank(IReadOnlyList<long> values, double q)
    {
        var sorted = values.Order().ToArray();
        var rank = Math.Max(1, (long)Math.Ceiling(q * sorted.Length));
        return sorted[rank - 1];
    }
}
