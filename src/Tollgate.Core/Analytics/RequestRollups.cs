using Tollgate.Core.Requests;

namespace Tollgate.Core.Analytics;

/// <summary>
/// Rollup deltas accumulated in memory while a store writes a batch: each request stored (and only those: a
/// redelivered record the store skipped must not be added) counts once in its endpoint cell and its consumer cell at
/// every <see cref="RollupWidth"/>. The store then merges <see cref="Cells"/> into its rollup rows in the same
/// transaction, so rollups and raw rows never disagree.
/// </summary>
/// <remarks>
/// A batch of thousands of requests spanning a second touches a few cells per endpoint and consumer, so the cost of
/// keeping rollups is per cell, not per request. Not thread-safe.
/// </remarks>
public sealed class RequestRollups
{
    private static readonly RollupWidth[] Widths = [RollupWidth.Minute, RollupWidth.Hour, RollupWidth.Day];

    private readonly Dictionary<RollupKey, RollupCell> _cells = [];

    /// <summary>The cells touched so far, by key.</summary>
    public IReadOnlyDictionary<RollupKey, RollupCell> Cells => _cells;

    /// <summary>Requests added so far.</summary>
    public long Requests { get; private set; }

    /// <summary>Counts one stored request in its six cells.</summary>
    public void Add(RequestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Requests++;
        var endpoint = EndpointNames.Of(record);
        var consumer = record.Principal ?? string.Empty;
        var statusClass = StatusClassOf(record.Status);
        foreach (var width in Widths)
        {
            var bucket = BucketOf(record.Timestamp, width);
            Cell(new RollupKey(record.TenantId, RollupKind.Endpoint, width, bucket, record.Service, endpoint, record.Method, statusClass, string.Empty))
                .Add(record.Status, record.DurationMicroseconds, record.RequestBytes, record.ResponseBytes);
            Cell(new RollupKey(record.TenantId, RollupKind.Consumer, width, bucket, record.Service, string.Empty, string.Empty, 0, consumer))
                .Add(record.Status, record.DurationMicroseconds, record.RequestBytes, record.ResponseBytes);
        }
    }

    /// <summary>Forgets every cell, so the instance can serve the next batch.</summary>
    public void Clear()
    {
        _cells.Clear();
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

    private RollupCell Cell(RollupKey key)
    {
        if (!_cells.TryGetValue(key, out var cell))
        {
            cell = new RollupCell();
            _cells.Add(key, cell);
        }

        return cell;
    }
}
