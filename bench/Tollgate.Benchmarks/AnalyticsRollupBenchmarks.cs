using BenchmarkDotNet.Attributes;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;

namespace Tollgate.Benchmarks;

/// <summary>
/// The in-memory side of analytics: counting a group commit's 4,000 requests into rollup cells (what every write with
/// rollups on pays before its upserts), merging two stored sketches as the embedded store's upsert does, and answering a
/// p95 from an hour of minute sketches as a time series bucket does. The baseline walks the same records without
/// counting them, so the ratios say what rollups add per record.
/// </summary>
[MemoryDiagnoser]
public class AnalyticsRollupBenchmarks
{
    private const int GroupRecords = 4_000;

    private readonly RequestRollups rollups = new();
    private RequestRecord[] records = [];
    private byte[] minuteSketch = [];
    private byte[] hourSketch = [];
    private byte[][] minuteSketches = [];

    [GlobalSetup]
    public void Setup()
    {
        // 30 endpoints of 6 services, 20 consumers, 5 % errors, lognormal latencies, 250 requests a minute: the analytics
        // benchmark's traffic, so a group spans 16 minutes.
        var random = new Random(4);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        records = [.. Enumerable.Range(0, GroupRecords).Select(i =>
        {
            var route = random.Next(30);
            return new RequestRecord
            {
                Id = Guid.CreateVersion7(start),
                TenantId = "default",
                Timestamp = start.AddMinutes(i / 250.0),
                Service = $"service-{route % 6}",
                Method = route % 4 == 0 ? "POST" : "GET",
                RouteTemplate = $"/route-{route}/{{id}}",
                Path = $"/route-{route}/{i}",
                Status = random.NextDouble() < 0.05 ? 503 : 200,
                DurationMicroseconds = (long)Math.Exp(9 + (random.NextDouble() * 2)),
                RequestBytes = 120,
                ResponseBytes = 2_400,
                Principal = $"key:consumer-{random.Next(20)}",
            };
        })];

        minuteSketches = [.. Enumerable.Range(0, 60).Select(_ => Sketch(random, 250))];
        minuteSketch = minuteSketches[0];
        hourSketch = Sketch(random, 15_000);
        if (Count() == 0 || LatencySketch.Decode(MergeStored()).Count != 15_250)
        {
            throw new InvalidOperationException("The benchmark inputs are not what they should be.");
        }
    }

    /// <summary>The same 4,000 records walked, touching what counting reads, without counting them.</summary>
    [Benchmark(Baseline = true)]
    public long WalkGroup()
    {
        long sum = 0;
        foreach (var record in records)
        {
            sum += record.DurationMicroseconds + record.Status + record.Service.Length;
        }

        return sum;
    }

    /// <summary>A group's 4,000 records counted into minute cells and folded into five-minute, hour and day cells.</summary>
    [Benchmark]
    public int CountGroup() => Count();

    /// <summary>A minute's sketch merged into an hour's stored one, straight from both encodings.</summary>
    [Benchmark]
    public byte[] MergeStored() => LatencySketch.MergeEncoded(hourSketch, minuteSketch);

    /// <summary>An hour of minute sketches, as read from a store, merged and asked for p95.</summary>
    [Benchmark]
    public double? P95OfAnHourOfMinutes()
    {
        var merged = new LatencySketch();
        foreach (var encoded in minuteSketches)
        {
            merged.Merge(LatencySketch.FromEncoded(encoded));
        }

        return merged.Quantile(0.95);
    }

    private static byte[] Sketch(Random random, int values)
    {
        var sketch = new LatencySketch();
        for (var i = 0; i < values; i++)
        {
            sketch.Add((long)Math.Exp(9 + (random.NextDouble() * 2)));
        }

        return sketch.ToArray();
    }

    private int Count()
    {
        rollups.Clear();
        foreach (var record in records)
        {
            rollups.Add(record);
        }

        return rollups.Cells.Count;
    }
}
