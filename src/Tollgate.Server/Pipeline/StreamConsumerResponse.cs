namespace Tollgate.Server.Pipeline;

/// <summary>One collector of a stream's consumer group.</summary>
/// <param name="Name">Its consumer name.</param>
/// <param name="Pending">Entries it read and has not acknowledged.</param>
/// <param name="IdleMs">Milliseconds since it last read or acknowledged.</param>
public sealed record StreamConsumerResponse(string Name, long Pending, long IdleMs);
