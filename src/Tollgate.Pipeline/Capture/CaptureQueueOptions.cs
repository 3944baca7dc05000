namespace Tollgate.Pipeline.Capture;

/// <summary>
/// The bounded capture queue and its batching writer, bound from <c>Pipeline:Capture</c> and validated at start-up.
/// Read once, when the queue and the writer are created.
/// </summary>
public sealed class CaptureQueueOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pipeline:Capture";

    /// <summary>
    /// Most records waiting for the writer; bounds the memory capture can take when the store falls behind. Default
    /// 10,000 (two seconds of a busy gateway, a few tens of MB with bodies).
    /// </summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>What a capture does when the queue is full. Default <see cref="CaptureQueueFullMode.Drop"/>: the request path never waits for storage.</summary>
    public CaptureQueueFullMode FullMode { get; set; } = CaptureQueueFullMode.Drop;

    /// <summary>Most records written in one store call (one transaction). Default 500.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How long the writer waits, once a record is there, for more to fill the batch before it writes what it has:
    /// bounds how late a quiet gateway's requests appear in search. Default 200 ms.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Store calls made for one batch before its records are counted as failed. Default 5.</summary>
    public int MaxWriteAttempts { get; set; } = 5;

    /// <summary>The wait before the second attempt at a failed batch; it doubles with each further attempt, up to 30 s. Default 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
