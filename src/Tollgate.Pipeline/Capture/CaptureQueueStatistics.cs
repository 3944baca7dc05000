namespace Tollgate.Pipeline.Capture;

/// <summary>
/// A snapshot of the capture queue's counters since start. Each value is read atomically, not all of them at one
/// instant, so under load the sums may be off by the records in flight; once the queue is idle,
/// <c>Enqueued = Written + Failed + Depth</c> holds exactly (records in the writer's current batch count in none).
/// </summary>
/// <param name="Capacity">Most records the queue holds.</param>
/// <param name="Depth">Records waiting for the writer now.</param>
/// <param name="Enqueued">Records accepted into the queue.</param>
/// <param name="Dropped">Records refused: the queue was full under the drop policy, a blocked capture was cancelled, or the queue had stopped.</param>
/// <param name="Written">Records handed on durably: committed by the store (embedded) or added to the request stream (scaled out).</param>
/// <param name="Failed">Records given up on: their batch failed every attempt, or shutdown ran out of time before they were written.</param>
public readonly record struct CaptureQueueStatistics(int Capacity, int Depth, long Enqueued, long Dropped, long Written, long Failed);
