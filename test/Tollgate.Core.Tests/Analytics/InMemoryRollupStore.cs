using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Analytics;

/// <summary>
/// A rollup store double for the analytics engine's unit tests: accumulates records with <see cref="RequestRollups"/>
/// as a real store does on write, answers reads by the <see cref="IRequestRollupStore"/> contract (copies, merged as asked,
/// sketches only when asked for), remembers every query, and can drop minute rows as retention would.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class InMemoryRollupStore : IRequestRollupStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<RollupKey, RollupCell> rows = [];
    private readonly List<RollupQuery> queries = [];

    /// <summary>Every query read so far, in order.</summary>
    public IReadOnlyList<RollupQuery> Queries
    {
        get
        {
            lock (gate)
            {
                return [.. queries];
            }
        }
    }

    /// <summary>Counts <paramref name="records"/> at every width, as a store that inserted them would.</summary>
    public void Add(IEnumerable<RequestRecord> records)
    {
        var rollups = new RequestRollups();
        foreach (var record in records)
        {
            rollups.Add(record);
        }

        lock (gate)
        {
            foreach (var (key, cell) in rollups.Cells)
            {
                if (!rows.TryGetValue(key, out var existing))
                {
                    existing = new RollupCell();
                    rows.Add(key, existing);
                }

                existing.Add(cell);
            }
        }
    }

    /// <summary>Deletes the minute rows whose bucket starts before <paramref name="cutoff"/>, as minute retention does.</summary>
    public void DropMinutesBefore(DateTimeOffset cutoff)
    {
        lock (gate)
        {
            foreach (var key in rows.Keys.Where(k => k.Width == RollupWidth.Minute && k.Bucket < cutoff).ToList())
            {
                rows.Remove(key);
            }
        }
    }

    /// <summary>Forgets the queries read so far.</summary>
    public void ClearQueries()
    {
        lock (gate)
        {
            queries.Clear();
        }
    }

    public Task<IReadOnlyList<RollupRow>> ReadAsync(string tenantId, RollupQuery query, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            queries.Add(query);
            query.Validate();
            var merged = new Dictionary<RollupKey, RollupCell>();
            foreach (var (key, cell) in rows.Where(r => r.Key.TenantId == tenantId && r.Key.Kind == query.Kind && r.Key.Width == query.Width
                && r.Key.Bucket >= query.From && r.Key.Bucket < query.To
                && (query.Service is null || r.Key.Service == query.Service)))
            {
                var mergedKey = MergedKey(query, key);
                if (merged.TryGetValue(mergedKey, out var existing))
                {
                    existing.Add(Copy(cell, query.IncludeSketches));
                }
                else
                {
                    merged.Add(mergedKey, Copy(cell, query.IncludeSketches));
                }
            }

            IReadOnlyList<RollupRow> found = [.. merged.Select(r => new RollupRow(r.Key, r.Value))];
            return Task.FromResult(found);
        }
    }

    public Task<RollupRebuildResult> RebuildAsync(string? tenantId, DateTimeOffset start, DateTimeOffset until, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The engine never rebuilds.");

    /// <summary>The key a stored row is merged under, as <see cref="RollupQuery.Dimensions"/> describes it.</summary>
    private static RollupKey MergedKey(RollupQuery query, RollupKey stored)
    {
        var step = query.EffectiveBucketSeconds * TimeSpan.TicksPerSecond;
        var offset = stored.Bucket.UtcTicks - query.From.UtcTicks;
        return stored with
        {
            Bucket = query.From.AddTicks(offset - (offset % step)),
            Service = query.Keeps(RollupDimensions.Service) ? stored.Service : string.Empty,
            Endpoint = query.Keeps(RollupDimensions.Endpoint) ? stored.Endpoint : string.Empty,
            Method = query.Keeps(RollupDimensions.Endpoint) ? stored.Method : string.Empty,
            StatusClass = query.Keeps(RollupDimensions.StatusClass) ? stored.StatusClass : 0,
            Consumer = query.Keeps(RollupDimensions.Consumer) ? stored.Consumer : string.Empty,
        };
    }

    private static RollupCell Copy(RollupCell cell, bool includeSketch) => new()
    {
        Count = cell.Count,
        Errors = cell.Errors,
        ServerErrors = cell.ServerErrors,
        DurationSumMicroseconds = cell.DurationSumMicroseconds,
        DurationMinMicroseconds = cell.DurationMinMicroseconds,
        DurationMaxMicroseconds = cell.DurationMaxMicroseconds,
        RequestBytes = cell.RequestBytes,
        ResponseBytes = cell.ResponseBytes,
        Sketch = includeSketch && cell.Sketch is { } sketch ? LatencySketch.Decode(sketch.ToArray()) : null,
    };
}
