using BenchmarkDotNet.Attributes;
using Tollgate.Core.Audit;

namespace Tollgate.Benchmarks;

/// <summary>The timestamp work inside every <see cref="AuditEventReader.Read"/>: one parse, two formats.</summary>
[MemoryDiagnoser]
public class AuditTimestampBenchmarks
{
    private static readonly DateTimeOffset Value = new(2026, 11, 23, 8, 0, 0, 7, TimeSpan.Zero);

    /// <summary>Parses a seed-shaped RFC 3339 timestamp with milliseconds and an offset.</summary>
    [Benchmark]
    public bool TryParseTimestamp() => AuditEventReader.TryParseTimestamp("2026-11-23T08:00:00.007+00:00", out _);

    /// <summary>Formats a timestamp as every Tollgate output does.</summary>
    [Benchmark]
    public string Format() => AuditEventReader.Format(Value);
}
