using Tollgate.Core.Requests;
using Tollgate.Pipeline.Capture;

namespace Tollgate.Pipeline.Tests.Capture;

public sealed class RequestCaptureQueueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Drop_policy_drops_and_counts_exactly_what_does_not_fit_without_waiting()
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { Capacity = 3 });

        var records = bed.CaptureMany(5);

        Assert.Equal(new CaptureQueueStatistics(3, 3, 3, 2, 0, 0), bed.Queue.GetStatistics());
        Assert.Equal(records.Take(3), ReadQueued(bed.Queue));
    }

    [Fact]
    public async Task A_dropped_capture_allocates_nothing()
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { Capacity = 1 });
        var record = bed.Requests.Next();
        bed.CaptureMany(2);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(CaptureTestBed.CompletedAtOnce(bed.Queue.CaptureAsync(record, Ct)));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001, bed.Queue.GetStatistics().Dropped);
    }

    [Fact]
    public async Task Block_policy_waits_for_room_and_then_enqueues()
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { Capacity = 1, FullMode = CaptureQueueFullMode.Block });
        var first = bed.CaptureMany(1)[0];
        var second = bed.Requests.Next();

        var waiting = bed.Queue.CaptureAsync(second, Ct);

        Assert.False(waiting.IsCompleted);
        Assert.True(bed.Queue.Reader.TryRead(out var taken));
        Assert.Same(first, taken);
        await waiting;
        Assert.Equal(new CaptureQueueStatistics(1, 1, 2, 0, 0, 0), bed.Queue.GetStatistics());
        Assert.Equal([second], ReadQueued(bed.Queue));
    }

    [Fact]
    public async Task Cancelling_a_blocked_capture_counts_a_drop_without_throwing()
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { Capacity = 1, FullMode = CaptureQueueFullMode.Block });
        var first = bed.CaptureMany(1)[0];
        using var cancellation = new CancellationTokenSource();

        var waiting = bed.Queue.CaptureAsync(bed.Requests.Next(), cancellation.Token);
        Assert.False(waiting.IsCompleted);
        await cancellation.CancelAsync();
        await waiting;

        Assert.Equal(new CaptureQueueStatistics(1, 1, 1, 1, 0, 0), bed.Queue.GetStatistics());
        Assert.Equal([first], ReadQueued(bed.Queue));
    }

    [Fact]
    public async Task A_capture_with_an_already_cancelled_token_still_enqueues_when_there_is_room()
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { Capacity = 2, FullMode = CaptureQueueFullMode.Block });

        var completed = CaptureTestBed.CompletedAtOnce(bed.Queue.CaptureAsync(bed.Requests.Next(), new CancellationToken(canceled: true)));

        Assert.True(completed);
        Assert.Equal(1, bed.Queue.GetStatistics().Enqueued);
    }

    [Theory]
    [InlineData(CaptureQueueFullMode.Drop)]
    [InlineData(CaptureQueueFullMode.Block)]
    public async Task Captures_after_the_queue_completed_are_dropped_at_once(CaptureQueueFullMode mode)
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { Capacity = 10, FullMode = mode });
        bed.CaptureMany(2);

        bed.Queue.Complete();
        bed.CaptureMany(3);

        Assert.Equal(new CaptureQueueStatistics(10, 2, 2, 3, 0, 0), bed.Queue.GetStatistics());
    }

    [Fact]
    public async Task A_capture_blocked_when_the_queue_completes_is_counted_as_dropped()
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { Capacity = 1, FullMode = CaptureQueueFullMode.Block });
        bed.CaptureMany(1);
        var waiting = bed.Queue.CaptureAsync(bed.Requests.Next(), Ct);

        bed.Queue.Complete();
        await waiting;

        Assert.Equal(new CaptureQueueStatistics(1, 1, 1, 1, 0, 0), bed.Queue.GetStatistics());
    }

    [Fact]
    public async Task Many_concurrent_captures_are_each_counted_once()
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { Capacity = 5_000 });
        var record = bed.Requests.Next();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(
            async () =>
            {
                for (var i = 0; i < 1_000; i++)
                {
                    await bed.Queue.CaptureAsync(record, Ct);
                }
            },
            Ct)));

        Assert.Equal(new CaptureQueueStatistics(5_000, 5_000, 5_000, 3_000, 0, 0), bed.Queue.GetStatistics());
    }

    [Fact]
    public async Task A_null_record_is_refused()
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions());

        await Assert.ThrowsAsync<ArgumentNullException>(async () => await bed.Queue.CaptureAsync(null!, Ct));
    }

    private static List<RequestRecord> ReadQueued(RequestCaptureQueue queue)
    {
        var queued = new List<RequestRecord>();
        while (queue.Reader.TryRead(out var record))
        {
            queued.Add(record);
        }

        return queued;
    }
}
