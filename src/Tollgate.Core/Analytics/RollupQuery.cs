namespace Tollgate.Core.Analytics;

/// <summary>
/// Which rollup rows of a tenant to read: one kind and width, buckets starting in [<see cref="From"/>, <see cref="To"/>),
/// optionally merged by the store into coarser buckets (<see cref="BucketSeconds"/>) and fewer dimensions
/// (<see cref="Dimensions"/>), so only the cells of the answer leave the database.
/// </summary>
/// <param name="Kind">Endpoint, consumer or service rows.</param>
/// <param name="Width">The bucket width read.</param>
/// <param name="From">The first bucket start included (aligned to <paramref name="Width"/>).</param>
/// <param name="To">The first bucket start excluded (aligned to <paramref name="Width"/>).</param>
/// <param name="Service">Only rows of this service, when set.</param>
/// <param name="IncludeSketches">Whether cells carry their latency sketch; leave false when no percentile is asked for, it is most of a row's bytes.</param>
public sealed record RollupQuery(
    RollupKind Kind,
    RollupWidth Width,
    DateTimeOffset From,
    DateTimeOffset To,
    string? Service = null,
    bool IncludeSketches = false)
{
    /// <summary>
    /// The width, in seconds, of the buckets rows are merged into, counted from <see cref="From"/>: a multiple of
    /// <see cref="Width"/>, or null to keep the stored buckets. <c>(To − From)</c> merges the whole range into one.
    /// </summary>
    public long? BucketSeconds { get; init; }

    /// <summary>
    /// The dimensions kept; rows equal in these and in their (merged) bucket come back as one row, under a key whose
    /// bucket is the merged bucket's start and whose dimensions left out are empty ('' and 0).
    /// </summary>
    public RollupDimensions Dimensions { get; init; } = RollupDimensions.All;

    /// <summary>Whether the store has to merge rows: buckets coarser than stored, or dimensions left out.</summary>
    public bool Merges => Dimensions != RollupDimensions.All || (BucketSeconds is { } seconds && seconds != (long)Width);

    /// <summary>The merged bucket width in seconds: <see cref="BucketSeconds"/>, or the stored width.</summary>
    public long EffectiveBucketSeconds => BucketSeconds ?? (long)Width;

    /// <summary>Refuses a merge the stores cannot do: a bucket that is not a positive multiple of the width.</summary>
    /// <exception cref="ArgumentException">The query is not valid.</exception>
    public void Validate()
    {
        if (BucketSeconds is { } seconds && (seconds <= 0 || seconds % (long)Width != 0))
        {
            throw new ArgumentException($"BucketSeconds must be a positive multiple of the width ({(long)Width} s), not {seconds}.", nameof(BucketSeconds));
        }

        if ((Dimensions & ~RollupDimensions.All) != 0)
        {
            throw new ArgumentException($"Dimensions holds unknown flags ({Dimensions}).", nameof(Dimensions));
        }
    }

    /// <summary>Whether <paramref name="dimension"/> is kept.</summary>
    public bool Keeps(RollupDimensions dimension) => (Dimensions & dimension) == dimension;
}
