namespace Tollgate.Core.Analytics;

/// <summary>
/// The key dimensions a <see cref="RollupQuery"/> keeps. Rows that differ only in dimensions left out are merged by the
/// store, so an answer that does not split by them reads one row where it would read many.
/// </summary>
[Flags]
public enum RollupDimensions
{
    /// <summary>Nothing kept: every row of a bucket merges into one.</summary>
    None = 0,

    /// <summary>The service.</summary>
    Service = 1,

    /// <summary>The endpoint and its method.</summary>
    Endpoint = 2,

    /// <summary>The status class.</summary>
    StatusClass = 4,

    /// <summary>The consumer.</summary>
    Consumer = 8,

    /// <summary>Every dimension: rows as stored.</summary>
    All = Service | Endpoint | StatusClass | Consumer,
}
