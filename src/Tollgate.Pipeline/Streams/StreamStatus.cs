namespace Tollgate.Pipeline.Streams;

/// <summary>One signal's stream as Redis sees it now, for the status API and operators.</summary>
/// <param name="Signal"><c>requests</c> or <c>audit</c>.</param>
/// <param name="Length">Entries in the stream (collected ones included, until trimming removes them).</param>
/// <param name="Lag">Entries not yet delivered to any collector; null when Redis cannot tell (after trimming or deletions) or no group exists yet.</param>
/// <param name="Pending">Entries delivered to a collector and not yet acknowledged (the <c>XPENDING</c> summary).</param>
/// <param name="DeadLetters">Entries in the signal's dead-letter stream.</param>
/// <param name="Consumers">The collectors in the group, with what each holds unacknowledged.</param>
/// <param name="LastError">The last failure any collector reported (an outage start or a dead-lettered entry); null when none.</param>
/// <param name="LastErrorAt">When <paramref name="LastError"/> was reported.</param>
public sealed record StreamStatus(
    string Signal,
    long Length,
    long? Lag,
    long Pending,
    long DeadLetters,
    IReadOnlyList<StreamConsumerStatus> Consumers,
    string? LastError,
    DateTimeOffset? LastErrorAt);
