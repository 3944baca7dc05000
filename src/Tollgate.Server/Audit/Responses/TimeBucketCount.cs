namespace Tollgate.Server.Audit.Responses;

/// <summary>Events in one time bucket.</summary>
/// <param name="Bucket">The bucket's start (UTC, RFC 3339).</param>
/// <param name="Count">How many.</param>
internal sealed record TimeBucketCount(string Bucket, long Count);
