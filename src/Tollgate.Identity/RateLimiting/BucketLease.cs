using System.Diagnostics.CodeAnalysis;
using System.Threading.RateLimiting;

namespace Tollgate.Identity.RateLimiting;

/// <summary>A lease of the shared bucket. It holds nothing to give back: tokens refill by time, not on release.</summary>
internal sealed class BucketLease : RateLimitLease
{
    private static readonly string[] RetryAfterOnly = [MetadataName.RetryAfter.Name];
    private readonly TimeSpan? retryAfter;

    private BucketLease(bool isAcquired, TimeSpan? retryAfter)
    {
        IsAcquired = isAcquired;
        this.retryAfter = retryAfter;
    }

    /// <summary>A granted lease.</summary>
    public static BucketLease Granted { get; } = new(true, null);

    /// <summary>The synchronous attempt's answer: not acquired, so the caller goes on to ask asynchronously.</summary>
    public static BucketLease NotChecked { get; } = new(false, null);

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : RetryAfterOnly;

    /// <summary>A refusal saying when enough tokens will have refilled.</summary>
    public static BucketLease Refused(TimeSpan retryAfter) => new(false, retryAfter);

    public override bool TryGetMetadata(string metadataName, [NotNullWhen(true)] out object? metadata)
    {
        if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = value;
            return true;
        }

        metadata = null;
        return false;
    }
}
