using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tollgate.Bench;
using Tollgate.Core;
using Tollgate.Core.Audit;

namespace Tollgate.Benchmarks;

/// <summary>
/// What the server does with an incoming body before the store's writer sees it: parse the JSON (with the server's
/// options: depth limit, duplicate member names refused), then read each event (validate, canonicalise). The bulk
/// cases are one <c>POST /api/v1/logs/bulk</c> body of 1,000 events.
/// </summary>
[MemoryDiagnoser]
public class AuditEventReaderBenchmarks
{
    private const int BulkSize = 1_000;
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly JsonDocumentOptions ServerOptions = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    private readonly AuditEventReader _reader = new(new AuditEventLimits());
    private byte[] _single = [];
    private byte[] _bulk = [];
    private JsonDocument? _parsedSingle;

    [GlobalSetup]
    public void Setup()
    {
        _single = Seed002Events.Event(42);
        _bulk = Seed002Events.Array(0, BulkSize);
        _parsedSingle = JsonDocument.Parse(_single);
    }

    [GlobalCleanup]
    public void Cleanup() => _parsedSingle?.Dispose();

    /// <summary>Reads one seed-002 event that is already parsed.</summary>
    [Benchmark]
    public NewAuditEvent? ReadSingleEvent() =>
        _reader.Read(_parsedSingle!.RootElement, SingleContext(), new List<AuditFieldError>());

    /// <summary>Parses and reads one seed-002 event, as <c>POST /events</c> does.</summary>
    [Benchmark]
    public NewAuditEvent? ParseAndReadSingleEvent()
    {
        using var document = JsonDocument.Parse(_single, ServerOptions);
        return _reader.Read(document.RootElement, SingleContext(), new List<AuditFieldError>());
    }

    /// <summary>Parses a 1,000-event bulk body without reading the events.</summary>
    [Benchmark]
    public int ParseBulk1000()
    {
        using var document = JsonDocument.Parse(_bulk, ServerOptions);
        return document.RootElement.GetArrayLength();
    }

    /// <summary>The same parse without the duplicate-name check, to show what the check costs.</summary>
    [Benchmark]
    public int ParseBulk1000AllowingDuplicates()
    {
        using var document = JsonDocument.Parse(_bulk);
        return document.RootElement.GetArrayLength();
    }

    /// <summary>Parses a 1,000-event bulk body and reads every event.</summary>
    [Benchmark]
    public int ParseAndReadBulk1000()
    {
        using var document = JsonDocument.Parse(_bulk, ServerOptions);
        var errors = new List<AuditFieldError>();
        var events = new List<NewAuditEvent>(BulkSize);
        var index = 0;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var context = new AuditEventContext { TenantId = Tenants.Default, ReceivedAt = ReceivedAt, Shape = AuditEventShape.V1, Index = index++ };
            if (_reader.Read(item, context, errors) is { } read)
            {
                events.Add(read);
            }
        }

        return events.Count;
    }

    private static AuditEventContext SingleContext() =>
        new() { TenantId = Tenants.Default, ReceivedAt = ReceivedAt, Shape = AuditEventShape.Seed002 };
}
