using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tollgate.Bench;
using Tollgate.Core.Json;

namespace Tollgate.Benchmarks;

/// <summary>Canonical form of one seed-002 event, the form it is hashed in.</summary>
[MemoryDiagnoser]
public class CanonicalJsonBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1_024);
    private JsonDocument? _event;

    [GlobalSetup]
    public void Setup() => _event = JsonDocument.Parse(Seed002Events.Event(42));

    [GlobalCleanup]
    public void Cleanup() => _event?.Dispose();

    /// <summary>Writes the event canonically into a reused buffer.</summary>
    [Benchmark]
    public int WriteValueSeed002Event()
    {
        _buffer.ResetWrittenCount();
        CanonicalJson.WriteValue(_buffer, _event!.RootElement);
        return _buffer.WrittenCount;
    }
}
