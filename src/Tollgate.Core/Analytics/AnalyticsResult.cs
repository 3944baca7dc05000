namespace Tollgate.Core.Analytics;

/// <summary>A ranked list an analytics operation returns, with the range it really covers.</summary>
/// <typeparam name="T">The kind of entry.</typeparam>
/// <param name="From">The effective inclusive start.</param>
/// <param name="To">The effective exclusive end.</param>
/// <param name="Items">The entries, in the operation's order, at most the limit asked for.</param>
public sealed record AnalyticsResult<T>(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<T> Items);
