namespace Tollgate.Pipeline.Streams;

/// <summary>One collector in a stream's consumer group.</summary>
/// <param name="Name">Its consumer name (by default <c>{host}-{process id}-{random}</c>).</param>
/// <param name="Pending">Entries it read and has not acknowledged.</param>
/// <param name="Idle">Time since it last read or acknowledged.</param>
public sealed record StreamConsumerStatus(string Name, long Pending, TimeSpan Idle);
