using System.Collections.Concurrent;

namespace Tollgate.Identity.Signing;

/// <summary>
/// The nonce store of a single node: an in-memory map of (key id, nonce) to expiry, bounded to a fixed number of
/// entries. Expired entries are swept once a minute and whenever the map is full. When it is still full after a sweep
/// (more signed requests within 600 seconds than the capacity), <see cref="TryRecord"/> returns false: the store fails
/// closed, refusing a signed request rather than accepting one it could not protect from replay. Thread-safe.
/// </summary>
public sealed class MemoryNonceStore : INonceStore
{
    private static readonly long WindowTicks = TimeSpan.FromSeconds(2 * RequestSignature.MaxClockSkewSeconds).Ticks;
    private static readonly long SweepIntervalTicks = TimeSpan.FromMinutes(1).Ticks;

    /// <summary>
    /// When full, sweep at most this often: a sweep walks every entry, and a flood must not make each refused request
    /// pay for one.
    /// </summary>
    private static readonly long FullSweepSpacingTicks = TimeSpan.FromSeconds(1).Ticks;

    private readonly ConcurrentDictionary<(Guid KeyId, string Nonce), long> expiries = new();
    private readonly Lock sweepLock = new();
    private readonly int capacity;
    private int count;
    private long nextSweepTicks;
    private long lastSweepTicks;

    /// <summary>
    /// Creates a store for at most <paramref name="capacity"/> nonces at a time. An entry costs about 100 bytes plus
    /// two per nonce character, so the default holds up to a few hundred megabytes only under sustained heavy load.
    /// </summary>
    public MemoryNonceStore(int capacity = 1_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        this.capacity = capacity;
    }

    /// <inheritdoc />
    public bool TryRecord(Guid keyId, string nonce, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        var key = (keyId, nonce);
        var nowTicks = now.UtcTicks;
        var expires = nowTicks + WindowTicks;
        if (nowTicks >= Volatile.Read(ref nextSweepTicks))
        {
            Sweep(nowTicks);
        }

        if (expiries.TryGetValue(key, out var existing))
        {
            // Seen, but longer ago than the window: usable again. TryUpdate lets only one of concurrent callers win.
            return existing <= nowTicks && expiries.TryUpdate(key, expires, existing);
        }

        if (!TryReserve(nowTicks))
        {
            return false;
        }

        if (expiries.TryAdd(key, expires))
        {
            return true;
        }

        // Another request recorded the same nonce between the lookup and here: this one is the replay.
        Interlocked.Decrement(ref count);
        return false;
    }

    private bool TryReserve(long nowTicks)
    {
        if (Interlocked.Increment(ref count) <= capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref count);
        if (nowTicks - Volatile.Read(ref lastSweepTicks) < FullSweepSpacingTicks)
        {
            return false;
        }

        Sweep(nowTicks);
        if (Interlocked.Increment(ref count) <= capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref count);
        return false;
    }

    private void Sweep(long nowTicks)
    {
        // One sweeper at a time; the others go on without waiting.
        if (!sweepLock.TryEnter())
        {
            return;
        }

        try
        {
            Volatile.Write(ref lastSweepTicks, nowTicks);
            Volatile.Write(ref nextSweepTicks, nowTicks + SweepIntervalTicks);
            foreach (var entry in expiries)
            {
                // Removes the entry only if it was not renewed since it was read.
                if (entry.Value <= nowTicks && expiries.TryRemove(entry))
                {
                    Interlocked.Decrement(ref count);
                }
            }
        }
        finally
        {
            sweepLock.Exit();
        }
    }
}
