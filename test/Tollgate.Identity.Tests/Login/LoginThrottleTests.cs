using Microsoft.Extensions.Time.Testing;
using Tollgate.Identity.Login;

namespace Tollgate.Identity.Tests.Login;

public sealed class LoginThrottleTests
{
    private const string Email = "alice@example.com";
    private const string Address = "203.0.113.7";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Allows_the_free_failures_without_delay()
    {
        var throttle = new LoginThrottle(time);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(Email, Address));
            throttle.RecordFailure(Email, Address);
        }

        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(Email, Address));
    }

    [Fact]
    public void Delay_doubles_with_each_failure_beyond_the_free_ones()
    {
        var throttle = new LoginThrottle(time);
        Fail(throttle, Email, Address, 5);

        foreach (var seconds in new[] { 1, 2, 4, 8, 16, 32 })
        {
            throttle.RecordFailure(Email, Address);
            Assert.Equal(TimeSpan.FromSeconds(seconds), throttle.RetryAfter(Email, Address));
            time.Advance(TimeSpan.FromSeconds(seconds));
            Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(Email, Address));
        }
    }

    [Fact]
    public void Tells_how_much_of_the_delay_is_left()
    {
        var throttle = new LoginThrottle(time);
        Fail(throttle, Email, Address, 8);

        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(1), throttle.RetryAfter(Email, Address));
    }

    [Fact]
    public void Delay_stops_growing_at_the_maximum()
    {
        var throttle = new LoginThrottle(time);

        Fail(throttle, Email, Address, 5 + 10);
        Assert.Equal(TimeSpan.FromSeconds(512), throttle.RetryAfter(Email, Address));

        throttle.RecordFailure(Email, Address);
        Assert.Equal(TimeSpan.FromMinutes(15), throttle.RetryAfter(Email, Address));

        Fail(throttle, Email, Address, 1000);
        Assert.Equal(TimeSpan.FromMinutes(15), throttle.RetryAfter(Email, Address));
    }

    [Fact]
    public void Success_clears_the_account_but_not_the_address()
    {
        var throttle = new LoginThrottle(time);
        Fail(throttle, Email, Address, 7);

        throttle.RecordSuccess(Email, Address);

        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(Email, null));
        Fail(throttle, "bob@example.com", Address, 15);
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.RetryAfter("carol@example.com", Address));
    }

    [Fact]
    public void Counts_accounts_and_addresses_independently_and_applies_the_longer_delay()
    {
        var throttle = new LoginThrottle(time);

        // One account from many addresses: the account slows down, the addresses do not.
        for (var i = 0; i < 8; i++)
        {
            throttle.RecordFailure(Email, $"198.51.100.{i}");
        }

        Assert.Equal(TimeSpan.FromSeconds(4), throttle.RetryAfter(Email, "198.51.100.200"));
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("bob@example.com", "198.51.100.1"));

        // One address against many accounts: the address slows down after its 20 free failures.
        for (var i = 0; i < 21; i++)
        {
            throttle.RecordFailure($"user{i}@example.com", Address);
        }

        Assert.Equal(TimeSpan.FromSeconds(1), throttle.RetryAfter("someone@example.com", Address));
        Assert.Equal(TimeSpan.FromSeconds(4), throttle.RetryAfter(Email, Address));
    }

    [Fact]
    public void Treats_emails_case_insensitively()
    {
        var throttle = new LoginThrottle(time);

        Fail(throttle, "Alice@Example.COM", null, 6);

        Assert.Equal(TimeSpan.FromSeconds(1), throttle.RetryAfter(" alice@example.com", null));
    }

    [Fact]
    public void Forgets_failures_after_the_window()
    {
        var throttle = new LoginThrottle(time);
        Fail(throttle, Email, Address, 7);

        time.Advance(TimeSpan.FromMinutes(15));
        throttle.RecordFailure(Email, Address);

        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(Email, Address));
    }

    [Fact]
    public void Keeps_counting_failures_that_come_within_the_window()
    {
        var throttle = new LoginThrottle(time);
        Fail(throttle, Email, Address, 5);

        time.Advance(TimeSpan.FromMinutes(14));
        throttle.RecordFailure(Email, Address);

        Assert.Equal(TimeSpan.FromSeconds(1), throttle.RetryAfter(Email, Address));
    }

    [Fact]
    public void Never_forgets_a_counter_while_its_delay_runs()
    {
        var options = new LoginThrottleOptions { MaxDelay = TimeSpan.FromHours(1), Window = TimeSpan.FromMinutes(1) };
        var throttle = new LoginThrottle(time, options);
        Fail(throttle, Email, null, 5 + 7);

        time.Advance(TimeSpan.FromSeconds(63));

        Assert.Equal(TimeSpan.FromSeconds(1), throttle.RetryAfter(Email, null));
    }

    [Fact]
    public void Uses_the_configured_settings()
    {
        var options = new LoginThrottleOptions
        {
            FreeFailuresPerAccount = 1,
            FreeFailuresPerAddress = 2,
            BaseDelay = TimeSpan.FromSeconds(10),
            MaxDelay = TimeSpan.FromSeconds(25),
        };
        var throttle = new LoginThrottle(time, options);

        Fail(throttle, Email, null, 2);
        Assert.Equal(TimeSpan.FromSeconds(10), throttle.RetryAfter(Email, null));
        Fail(throttle, Email, null, 2);
        Assert.Equal(TimeSpan.FromSeconds(25), throttle.RetryAfter(Email, null));

        Fail(throttle, "bob@example.com", Address, 1);
        Fail(throttle, "carol@example.com", Address, 1);
        Fail(throttle, "dave@example.com", Address, 1);
        Assert.Equal(TimeSpan.FromSeconds(10), throttle.RetryAfter("erin@example.com", Address));
    }

    [Fact]
    public void Forgets_the_oldest_counters_when_full()
    {
        var throttle = new LoginThrottle(time, new LoginThrottleOptions { FreeFailuresPerAccount = 0, Capacity = 10 });
        throttle.RecordFailure("oldest@example.com", null);
        time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 9; i++)
        {
            throttle.RecordFailure($"user{i}@example.com", null);
        }

        throttle.RecordFailure("newest@example.com", null);

        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("oldest@example.com", null));
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.RetryAfter("newest@example.com", null));
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.RetryAfter("user8@example.com", null));
    }

    [Fact]
    public void Stays_bounded_under_a_flood_of_accounts()
    {
        var throttle = new LoginThrottle(time, new LoginThrottleOptions { FreeFailuresPerAccount = 0, Capacity = 100 });

        Parallel.For(0, 10_000, i => throttle.RecordFailure($"user{i}@example.com", $"10.0.{i / 256}.{i % 256}"));

        // The bound is soft: inserts racing past the capacity check may overshoot it by a few.
        var tracked = Enumerable.Range(0, 10_000).Count(i => throttle.RetryAfter($"user{i}@example.com", null) > TimeSpan.Zero);
        Assert.InRange(tracked, 1, 200);
    }

    [Fact]
    public void Refuses_nonsensical_settings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoginThrottle(time, new LoginThrottleOptions { BaseDelay = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoginThrottle(time, new LoginThrottleOptions { MaxDelay = TimeSpan.FromMilliseconds(10) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoginThrottle(time, new LoginThrottleOptions { FreeFailuresPerAccount = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoginThrottle(time, new LoginThrottleOptions { Capacity = 0 }));
    }

    private static void Fail(LoginThrottle throttle, string email, string? address, int times)
    {
        for (var i = 0; i < times; i++)
        {
            throttle.RecordFailure(email, address);
        }
    }
}
