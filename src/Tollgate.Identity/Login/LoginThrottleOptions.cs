namespace Tollgate.Identity.Login;

/// <summary>Settings of <see cref="LoginThrottle"/>.</summary>
public sealed class LoginThrottleOptions
{
    /// <summary>Failed logins of one account before any delay. Default 5: enough for typos, far too few for guessing.</summary>
    public int FreeFailuresPerAccount { get; set; } = 5;

    /// <summary>
    /// Failed logins from one client address before any delay. Default 20: higher than per account because offices
    /// and NATs share addresses.
    /// </summary>
    public int FreeFailuresPerAddress { get; set; } = 20;

    /// <summary>The delay after the first failure beyond the free ones; each further failure doubles it. Default 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay. Default 15 minutes.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A counter is forgotten after this long without failures (or once its delay is over, if that is later). Default 15 minutes.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Most accounts, and separately most addresses, tracked at once; beyond it the oldest are forgotten. Default 100,000.</summary>
    public int Capacity { get; set; } = 100_000;
}
