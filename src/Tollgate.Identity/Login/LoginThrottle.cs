using System.Collections.Concurrent;
using Tollgate.Core.Identity;

namespace Tollgate.Identity.Login;

/// <summary>
/// Slows password guessing down without locking anyone out: after a few free failures each further failure doubles the
/// wait before the next attempt, up to a cap. Failures are counted per account (against guessing one password from
/// many addresses) and per client address (against trying one password on many accounts), independently; the longer
/// wait applies. A success clears the account's counter but not the address's, so an attacker cannot reset the count
/// by logging into an account of their own. Memory is bounded. Thread-safe.
/// </summary>
public sealed class LoginThrottle
{
    private readonly TimeProvider timeProvider;
    private readonly Counters accounts;
    private readonly Counters addresses;

    /// <summary>Creates a throttle with <paramref name="options"/>, or the defaults when null.</summary>
    public LoginThrottle(TimeProvider timeProvider, LoginThrottleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new LoginThrottleOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.FreeFailuresPerAccount);
        ArgumentOutOfRangeException.ThrowIfNegative(options.FreeFailuresPerAddress);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.BaseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDelay, options.BaseDelay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Capacity);
        this.timeProvider = timeProvider;
        accounts = new Counters(options.FreeFailuresPerAccount, options);
        addresses = new Counters(options.FreeFailuresPerAddress, options);
    }

    /// <summary>
    /// Zero when a login for <paramref name="email"/> from <paramref name="clientAddress"/> may be tried now;
    /// otherwise how long to wait. Check it before verifying the password, so refused attempts cost no hashing.
    /// </summary>
    public TimeSpan RetryAfter(string email, string? clientAddress)
    {
        ArgumentNullException.ThrowIfNull(email);
        var now = timeProvider.GetUtcNow().UtcTicks;
        var account = accounts.RetryAfter(Emails.Normalize(email), now);
        var address = string.IsNullOrEmpty(clientAddress) ? TimeSpan.Zero : addresses.RetryAfter(clientAddress, now);
        return account > address ? account : address;
    }

    /// <summary>Counts a failed login (wrong password or unknown email) against the account and the address.</summary>
    public void RecordFailure(string email, string? clientAddress)
    {
        ArgumentNullException.ThrowIfNull(email);
        var now = timeProvider.GetUtcNow().UtcTicks;
        accounts.RecordFailure(Emails.Normalize(email), now);
        if (!string.IsNullOrEmpty(clientAddress))
        {
            addresses.RecordFailure(clientAddress, now);
        }
    }

    /// <summary>Clears the account's failures after a successful login; the address keeps its count.</summary>
    public void RecordSuccess(string email, string? clientAddress)
    {
        ArgumentNullException.ThrowIfNull(email);
        accounts.Clear(Emails.Normalize(email));
    }

    private readonly record struct Counter(int Failures, long LastFailureTicks);

    /// <summary>The failure counters of one dimension (accounts or addresses).</summary>
    private sealed class Counters(int freeFailures, LoginThrottleOptions options)
    {
        private readonly ConcurrentDictionary<string, Counter> entries = new(StringComparer.Ordinal);
        private readonly Lock evictLock = new();
        private readonly long baseDelayTicks = options.BaseDelay.Ticks;
        private readonly long maxDelayTicks = options.MaxDelay.Ticks;
        private readonly long windowTicks = options.Window.Ticks;
        private readonly int capacity = options.Capacity;

        public TimeSpan RetryAfter(string key, long now)
        {
            if (!entries.TryGetValue(key, out var counter) || IsExpired(counter, now))
            {
                return TimeSpan.Zero;
            }

            var wait = counter.LastFailureTicks + DelayTicks(counter.Failures) - now;
            return wait > 0 ? TimeSpan.FromTicks(wait) : TimeSpan.Zero;
        }

        public void RecordFailure(string key, long now)
        {
            if (!entries.ContainsKey(key) && entries.Count >= capacity)
            {
                Evict(now);
            }

            entries.AddOrUpdate(
                key,
                static (_, at) => new Counter(1, at),
                (_, counter, at) => IsExpired(counter, at)
                    ? new Counter(1, at)
                    : new Counter(counter.Failures == int.MaxValue ? int.MaxValue : counter.Failures + 1, at),
                now);
        }

        public void Clear(string key) => entries.TryRemove(key, out _);

        /// <summary>Forgotten after the window without failures, but never while its delay is still running.</summary>
        private bool IsExpired(Counter counter, long now) =>
            now - counter.LastFailureTicks >= Math.Max(windowTicks, DelayTicks(counter.Failures));

        /// <summary>Base delay doubled per failure beyond the free ones, capped; computed without overflow.</summary>
        private long DelayTicks(int failures)
        {
            var doublings = failures - freeFailures - 1;
            if (doublings < 0)
            {
                return 0;
            }

            return doublings >= 62 || baseDelayTicks > maxDelayTicks >> doublings ? maxDelayTicks : baseDelayTicks << doublings;
        }

        /// <summary>Drops expired counters and, if that is not enough, the tenth of the rest that failed longest ago.</summary>
        private void Evict(long now)
        {
            lock (evictLock)
            {
                if (entries.Count < capacity)
                {
                    return;
                }

                foreach (var entry in entries)
                {
                    if (IsExpired(entry.Value, now))
                    {
                        entries.TryRemove(entry);
                    }
                }

                var excess = entries.Count - capacity + 1;
                if (excess <= 0)
                {
                    return;
                }

                var oldest = entries.ToArray();
                Array.Sort(oldest, static (a, b) => a.Value.LastFailureTicks.CompareTo(b.Value.LastFailureTicks));
                foreach (var entry in oldest.AsSpan(0, Math.Min(oldest.Length, Math.Max(excess, capacity / 10))))
                {
                    entries.TryRemove(entry);
                }
            }
        }
    }
}
