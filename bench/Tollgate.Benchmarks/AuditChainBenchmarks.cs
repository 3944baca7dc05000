using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tollgate.Bench;
using Tollgate.Core;
using Tollgate.Core.Audit;

namespace Tollgate.Benchmarks;

/// <summary>One link of the hash chain over the canonical document of a seed-002 event, as the writer computes it.</summary>
[MemoryDiagnoser]
public class AuditChainBenchmarks
{
    private readonly byte[] _previous = new byte[AuditChain.HashSize];
    private readonly byte[] _destination = new byte[AuditChain.HashSize];
    private byte[] _document = [];

    [GlobalSetup]
    public void Setup()
    {
        using var body = JsonDocument.Parse(Seed002Events.Event(42));
        var context = new AuditEventContext { TenantId = Tenants.Default, ReceivedAt = DateTimeOffset.UnixEpoch.AddYears(56), Shape = AuditEventShape.Seed002 };
        var read = new AuditEventReader(new AuditEventLimits()).Read(body.RootElement, context, new List<AuditFieldError>())
            ?? throw new InvalidOperationException("The seed-002 benchmark event is invalid.");
        _document = read.Document.ToArray();
    }

    /// <summary>The allocating overload the store's writer calls per event.</summary>
    [Benchmark(Baseline = true)]
    public byte[] ComputeHash() => AuditChain.ComputeHash(_previous, _document);

    /// <summary>The overload that writes into a caller's buffer (chain verification).</summary>
    [Benchmark]
    public byte ComputeHashIntoSpan()
    {
        AuditChain.ComputeHash(_previous, _document, _destination);
        return _destination[0];
    }
}
