namespace Tollgate.Identity.Signing;

/// <summary>
/// Remembers the nonces of signed requests for 600 seconds (twice <see cref="RequestSignature.MaxClockSkewSeconds"/>,
/// the span over which a timestamp is accepted), so a captured request cannot be sent again. This is the seam a shared
/// store (Redis) fills when several nodes serve the same keys; <see cref="MemoryNonceStore"/> serves one node.
/// Implementations are thread-safe.
/// </summary>
public interface INonceStore
{
    /// <summary>
    /// True when <paramref name="nonce"/> was not seen for <paramref name="keyId"/> within the window, and records it;
    /// false when it was (a replay) or when a bounded in-memory store is full. A shared store that cannot be reached
    /// throws instead, so the request is refused as a store outage (503), not as a replay.
    /// </summary>
    bool TryRecord(Guid keyId, string nonce, DateTimeOffset now);
}
