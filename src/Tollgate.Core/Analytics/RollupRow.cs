namespace Tollgate.Core.Analytics;

/// <summary>One stored rollup row, as a store reads it back.</summary>
/// <param name="Key">The row's key.</param>
/// <param name="Cell">Its measures; <see cref="RollupCell.Sketch"/> is null unless the query asked for sketches.</param>
public sealed record RollupRow(RollupKey Key, RollupCell Cell);
