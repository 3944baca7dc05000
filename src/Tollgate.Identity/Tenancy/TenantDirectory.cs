using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Tollgate.Core.Identity;

namespace Tollgate.Identity.Tenancy;

/// <summary>
/// Tenants by id, cached for <see cref="IdentityOptions.ApiKeyCacheDuration"/> so every request can check that its
/// tenant exists and is enabled without reading the store; while the store cannot be reached, an expired entry serves
/// for up to <see cref="IdentityOptions.StaleCacheLimit"/> more. Changes on this node evict at once. Thread-safe.
/// </summary>
public sealed class TenantDirectory(IIdentityStore store, TimeProvider timeProvider, IOptions<IdentityOptions> options)
{
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, (Tenant? Tenant, long ExpiresAtTicks, long StaleUntilTicks)> cache = new(StringComparer.Ordinal);
    private readonly long lifetimeTicks = options.Value.ApiKeyCacheDuration.Ticks;
    private readonly long staleTicks = options.Value.StaleCacheLimit.Ticks;

    /// <summary>The tenant, or null when there is none with this id.</summary>
    public async ValueTask<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        if (cache.TryGetValue(tenantId, out var entry) && entry.ExpiresAtTicks > now)
        {
            return entry.Tenant;
        }

        Tenant? tenant;
        try
        {
            tenant = TenantIds.IsValid(tenantId) ? await store.GetTenantAsync(tenantId, cancellationToken) : null;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested && entry.Tenant is not null && entry.StaleUntilTicks > now)
        {
            // Trusted for another lifetime (never past the stale limit), so the requests that follow skip the failing store.
            cache[tenantId] = entry with { ExpiresAtTicks = Math.Min(now + lifetimeTicks, entry.StaleUntilTicks) };
            return entry.Tenant;
        }

        if (lifetimeTicks > 0 && tenant is not null)
        {
            if (cache.Count >= MaxEntries)
            {
                cache.Clear();
            }

            cache[tenantId] = (tenant, now + lifetimeTicks, now + lifetimeTicks + staleTicks);
        }

        return tenant;
    }

    /// <summary>Forgets a tenant after it changed.</summary>
    public void Invalidate(string tenantId) => cache.TryRemove(tenantId, out _);
}
