namespace Tollgate.Identity.RateLimiting;

/// <summary>What the shared bucket answered: whether the permits were taken, when to retry if not, and the whole tokens left.</summary>
internal readonly record struct BucketDecision(bool Allowed, TimeSpan RetryAfter, long TokensLeft);
