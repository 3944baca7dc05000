namespace Tollgate.Storage.Postgres;

/// <summary>What a rollup read selects as its last column, for <see cref="PostgresRollupMapping.AccumulateAsync"/>.</summary>
internal enum PostgresSketchColumn
{
    /// <summary>No sketch: the read left sketches out.</summary>
    None,

    /// <summary>One encoded sketch per row.</summary>
    One,

    /// <summary>The encoded sketches of a merged row's group, gathered by <c>array_agg</c>.</summary>
    Gathered,
}
