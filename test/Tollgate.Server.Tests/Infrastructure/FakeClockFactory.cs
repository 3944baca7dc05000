using Microsoft.Extensions.Time.Testing;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>A server whose clock starts at <see cref="Start"/> and moves only when a test advances it.</summary>
public sealed class FakeClockFactory : TollgateFactory
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public FakeClockFactory() => Clock = new FakeTimeProvider(Start);
}
