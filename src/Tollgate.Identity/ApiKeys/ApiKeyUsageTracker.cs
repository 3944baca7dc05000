using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Identity;

namespace Tollgate.Identity.ApiKeys;

/// <summary>
/// Records when each API key was last used without a store write per request: uses are kept in memory and written
/// in one batch every <see cref="FlushInterval"/> and at shutdown.
/// </summary>
public sealed partial class ApiKeyUsageTracker(IIdentityStore store, TimeProvider timeProvider, ILogger<ApiKeyUsageTracker> logger) : BackgroundService
{
    /// <summary>How often last-used times reach the store.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan RecordResolution = TimeSpan.FromSeconds(1);

    private ConcurrentDictionary<Guid, DateTimeOffset> pending = new();

    /// <summary>Notes that <paramref name="keyId"/> authenticated a request now.</summary>
    public void Record(Guid keyId)
    {
        // A busy key is used by many requests at once: read first (lock-free) and write at most once a second, so
        // they do not all queue on the one dictionary lock that guards the key's entry.
        var now = timeProvider.GetUtcNow();
        var uses = pending;
        if (!uses.TryGetValue(keyId, out var last) || now - last >= RecordResolution)
        {
            uses[keyId] = now;
        }
    }

    /// <summary>Writes the uses recorded so far.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = Interlocked.Exchange(ref pending, new ConcurrentDictionary<Guid, DateTimeOffset>());
        if (batch.IsEmpty)
        {
            return;
        }

        try
        {
            await store.RecordApiKeyUseAsync(batch.ToArray(), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Last-used times are informational: a failed write must never fail requests or stop the loop.
            LogFlushFailed(logger, exception);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record API key last-used times; they will be retried with the next batch only if the keys are used again.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
