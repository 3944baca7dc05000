using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using Tollgate.Core.Identity;

namespace Tollgate.Identity.ApiKeys;

/// <summary>
/// Keeps validated API keys in memory for <see cref="IdentityOptions.ApiKeyCacheDuration"/>, so authenticating a
/// request does not touch the store. Keys are found by the hash of their secret (bearer use) or by id (signed
/// requests). Revocations on this node evict at once; other nodes see them when their entry expires. While the store
/// cannot be reached, an expired entry serves for up to <see cref="IdentityOptions.StaleCacheLimit"/> more. Thread-safe.
/// </summary>
public sealed class ApiKeyCache
{
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<HashKey, Entry> byHash = new();
    private readonly ConcurrentDictionary<Guid, Entry> byId = new();
    private readonly IIdentityStore store;
    private readonly TimeProvider timeProvider;
    private readonly long lifetimeTicks;
    private readonly long staleTicks;

    /// <summary>Creates the cache over <paramref name="store"/>.</summary>
    public ApiKeyCache(IIdentityStore store, TimeProvider timeProvider, IOptions<IdentityOptions> options)
    {
        this.store = store;
        this.timeProvider = timeProvider;
        lifetimeTicks = options.Value.ApiKeyCacheDuration.Ticks;
        staleTicks = options.Value.StaleCacheLimit.Ticks;
    }

    /// <summary>The key whose secret hashes to <paramref name="hash"/> (32 bytes), or null; revoked and expired keys are returned too.</summary>
    public async ValueTask<ApiKey?> FindByHashAsync(ReadOnlyMemory<byte> hash, CancellationToken cancellationToken)
    {
        var key = HashKey.From(hash.Span);
        var now = timeProvider.GetUtcNow().UtcTicks;
        if (byHash.TryGetValue(key, out var cached) && cached.ExpiresAtTicks > now)
        {
            return cached.Key;
        }

        ApiKey? found;
        try
        {
            found = await store.FindApiKeyByHashAsync(hash.ToArray(), cancellationToken);
        }
        catch (Exception) when (IsStaleUsable(cached, now, cancellationToken))
        {
            return KeepServing(cached!, now);
        }

        if (found is not null)
        {
            Add(found, now);
        }

        return found;
    }

    /// <summary>The key with this id, or null; revoked and expired keys are returned too.</summary>
    public async ValueTask<ApiKey?> FindByIdAsync(Guid keyId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        if (byId.TryGetValue(keyId, out var cached) && cached.ExpiresAtTicks > now)
        {
            return cached.Key;
        }

        ApiKey? found;
        try
        {
            found = await store.FindApiKeyByIdAsync(keyId, cancellationToken);
        }
        catch (Exception) when (IsStaleUsable(cached, now, cancellationToken))
        {
            return KeepServing(cached!, now);
        }

        if (found is not null)
        {
            Add(found, now);
        }

        return found;
    }

    /// <summary>Forgets a key, so its next use reads the store (after revocation).</summary>
    public void Invalidate(ApiKey key)
    {
        byHash.TryRemove(HashKey.From(key.Hash), out _);
        byId.TryRemove(key.Id, out _);
    }

    /// <summary>True when the store failed and an expired entry is still within the stale limit.</summary>
    private static bool IsStaleUsable(Entry? cached, long now, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && cached is not null && cached.StaleUntilTicks > now;

    /// <summary>
    /// Serves an expired entry while the store is down, and trusts it for another cache lifetime (never past its stale
    /// limit), so the requests that follow do not each wait for the failing store first.
    /// </summary>
    private ApiKey KeepServing(Entry cached, long now)
    {
        var renewed = cached with { ExpiresAtTicks = Math.Min(now + lifetimeTicks, cached.StaleUntilTicks) };
        byHash[HashKey.From(cached.Key.Hash)] = renewed;
        byId[cached.Key.Id] = renewed;
        return cached.Key;
    }

    private void Add(ApiKey key, long now)
    {
        if (lifetimeTicks == 0)
        {
            return;
        }

        if (byId.Count >= MaxEntries)
        {
            // Rare (more live keys than entries): start over rather than track recency on the hot path.
            byHash.Clear();
            byId.Clear();
        }

        var entry = new Entry(key, now + lifetimeTicks, now + lifetimeTicks + staleTicks);
        byHash[HashKey.From(key.Hash)] = entry;
        byId[key.Id] = entry;
    }

    private sealed record Entry(ApiKey Key, long ExpiresAtTicks, long StaleUntilTicks);

    /// <summary>A SHA-256 digest as a value, so lookups allocate nothing.</summary>
    private readonly record struct HashKey(ulong A, ulong B, ulong C, ulong D)
    {
        public static HashKey From(ReadOnlySpan<byte> hash)
        {
            var words = MemoryMarshal.Cast<byte, ulong>(hash[..32]);
            return new HashKey(words[0], words[1], words[2], words[3]);
        }
    }
}
