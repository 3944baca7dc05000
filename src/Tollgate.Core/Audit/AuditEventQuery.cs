namespace Tollgate.Core.Audit;

/// <summary>One page of a search: a filter, an order, and either a keyset cursor or an offset.</summary>
public sealed record AuditEventQuery
{
    /// <summary>The largest page any caller may ask for.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Which events to return.</summary>
    public AuditEventFilter Filter { get; init; } = AuditEventFilter.All;

    /// <summary>Page size, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Order by (timestamp, sequence).</summary>
    public AuditSortOrder Order { get; init; } = AuditSortOrder.Descending;

    /// <summary>Start after this position. Takes precedence over <see cref="Offset"/>.</summary>
    public AuditCursor? After { get; init; }

    /// <summary>Rows to skip; only for the seed-compatible page/per_page API, where the client expects it.</summary>
    public int Offset { get; init; }
}
