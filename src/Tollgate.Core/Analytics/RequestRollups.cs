using Tollgate.Core.Requests;

namespace Tollgate.Core.Analytics;

/// <summary>
/// Rollup deltas accumulated in memory while a store writes a batch: each request stored (and only those: a
/// redelivered record the store skipped must not be added) counts once in its endpoint, consumer and service cells at
/// each of their widths (<see cref="RollupWidths"/>). The store then merges <see cref="Cells"/> into its rollup rows in the same transaction, so rollups and raw
/// rows never disagree.
/// </summary>
/// <remarks>
/// A batch of thousands of requests spanning a second touches a few cells per endpoint and consumer, so the cost of
/// keeping rollups is per cell, not per request. Not thread-safe.
/// </remarks>
public sealed class RequestRollups
{
    private readonly Dictionary<RollupKey, RollupCell> _minutes = [];
    private readonly Dictionary<RollupKey, RollupCell> _cells = [];
    private bool _folded = true;

    /// <summary>
    /// The cells touched so far, by key, at every width of their kind. Requests are counted per minute as they are
    /// added; the wider cells are folded from the minute cells when this is first read after an add, so a request costs
    /// three dictionary lookups, not nine.
    /// </summary>
    public IReadOnlyDictionary<RollupKey, RollupCell> Cells
    {
        get
        {
            if (!_folded)
            {
                Fold();
            }

            return _cells;
        }
    }

    /// <summary>Requests added so far.</summary>
    public long Requests { get; private set; }

    /// <summary>Counts one stored request in its endpoint, consumer and service cells.</summary>
    public void Add(RequestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Requests++;
        _folded = false;
        var bucket = BucketOf(record.Timestamp, RollupWidth.Minute);
        Cell(_minutes, new RollupKey(record.TenantId, RollupKind.Endpoint, RollupWidth.Minute, bucket, record.Service, EndpointNames.Of(record), record.Method, StatusClassOf(record.Status), string.Empty))
            .Add(record.Status, record.DurationMicroseconds, record.RequestBytes, record.ResponseBytes);
        Cell(_minutes, new RollupKey(record.TenantId, RollupKind.Consumer, RollupWidth.Minute, bucket, record.Service, string.Empty, string.Empty, 0, record.Principal ?? string.Empty))
            .Add(record.Status, record.DurationMicroseconds, record.RequestBytes, record.ResponseBytes);
        Cell(_minutes, new RollupKey(record.TenantId, RollupKind.Service, RollupWidth.Minute, bucket, record.Service, string.Empty, string.Empty, StatusClassOf(record.Status), string.Empty))
            .Add(record.Status, record.DurationMicroseconds, record.RequestBytes, record.ResponseBytes);
    }

    /// <summary>Forgets every cell, so the instance can serve the next batch.</summary>
    public void Clear()
    {
        _minutes.Clear();
        _cells.Clear();
        _folded = true;
        Requests = 0;
    }

    /// <summary>The status class of a status: 2 for 200–299; statuses outside 100–599 count as class 0.</summary>
    public static int StatusClassOf(int status) => status is >= 100 and <= 599 ? status / 100 : 0;

    /// <summary>The start of the bucket of <paramref name="width"/> holding <paramref name="timestamp"/> (UTC).</summary>
    public static DateTimeOffset BucketOf(DateTimeOffset timestamp, RollupWidth width)
    {
        var ticks = timestamp.UtcTicks;
        var widthTicks = (long)width * TimeSpan.TicksPerSecond;
        return new DateTimeOffset(ticks - (ticks % widthTicks), TimeSpan.Zero);
    }

    private void Fold()
    {
        _cells.Clear();
        foreach (var (key, cell) in _minutes)
        {
            foreach (var width in RollupWidths.Of(key.Kind))
            {
                if (width == RollupWidth.Minute)
                {
                    _cells.Add(key, cell);
                }
                else
                {
                    Cell(_cells, key with { Width = width, Bucket = BucketOf(key.Bucket, width) }).Add(cell);
                }
            }
        }

        _folded = true;
    }

    private static RollupCell Cell(Dictionary<RollupKey, RollupCell> cells, RollupKey key)
    {
        if (!cells.TryGetValue(key, out var cell))
        {
            cell = new RollupCell();
            cells.Add(key, cell);
        }

        return cell;
    }
}
