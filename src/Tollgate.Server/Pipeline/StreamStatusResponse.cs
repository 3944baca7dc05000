using Tollgate.Pipeline.Streams;

namespace Tollgate.Server.Pipeline;

/// <summary>One Redis stream of the scaled-out pipeline.</summary>
/// <param name="Signal"><c>requests</c> or <c>audit</c>.</param>
/// <param name="Length">Entries in the stream (collected ones too, until trimming removes them).</param>
/// <param name="Lag">Entries no collector has read yet; null when Redis cannot tell.</param>
/// <param name="Pending">Entries a collector read and has not acknowledged (not yet committed).</param>
/// <param name="DeadLetters">Entries set aside in the dead-letter stream; anything above 0 needs a look.</param>
/// <param name="Consumers">The collectors and what each holds.</param>
/// <param name="LastError">The last failure a collector reported, if any.</param>
/// <param name="LastErrorAt">When it was reported.</param>
public sealed record StreamStatusResponse(
    string Signal,
    long Length,
    long? Lag,
    long Pending,
    long DeadLetters,
    IReadOnlyList<StreamConsumerResponse> Consumers,
    string? LastError,
    DateTimeOffset? LastErrorAt)
{
    internal static StreamStatusResponse From(StreamStatus status) =>
        new(
            status.Signal,
            status.Length,
            status.Lag,
            status.Pending,
            status.DeadLetters,
            [.. status.Consumers.Select(c => new StreamConsumerResponse(c.Name, c.Pending, (long)c.Idle.TotalMilliseconds))],
            status.LastError,
            status.LastErrorAt);
}
