using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Pipeline.Capture;

namespace Tollgate.Pipeline.Tests.Capture;

public sealed class RequestCaptureWriterTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Full_batches_are_written_at_once_and_the_rest_when_the_interval_elapses()
    {
        var time = new FakeTimeProvider();
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { BatchSize = 3, FlushInterval = Interval }, time);
        await bed.StartAsync();

        var records = bed.CaptureMany(7);
        await CaptureTestBed.WaitUntilAsync(() => bed.Store.Committed.Count == 2, "two full batches are written");
        await CaptureTestBed.WaitUntilAsync(() => bed.Queue.GetStatistics().Depth == 0, "the writer takes the last record");
        Assert.Equal(2, bed.Store.Calls.Count);
        await AdvanceUntilAsync(time, () => bed.Store.Committed.Count == 3);

        Assert.Equal([3, 3, 1], bed.Store.Committed.Select(b => b.Count));
        Assert.Equal(records, bed.Store.Committed.SelectMany(b => b));
        Assert.Equal(7, bed.Queue.GetStatistics().Written);
    }

    [Fact]
    public async Task Records_that_arrive_within_the_interval_share_one_batch()
    {
        var time = new FakeTimeProvider();
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { BatchSize = 100, FlushInterval = Interval }, time);
        await bed.StartAsync();

        var first = bed.CaptureMany(1);
        await CaptureTestBed.WaitUntilAsync(() => bed.Queue.GetStatistics().Depth == 0, "the writer takes the first record");
        var more = bed.CaptureMany(2);
        Assert.Empty(bed.Store.Calls);
        await AdvanceUntilAsync(time, () => bed.Store.Committed.Count == 1);

        var batch = Assert.Single(bed.Store.Committed);
        Assert.Equal([.. first, .. more], batch);
    }

    [Fact]
    public async Task A_failed_write_is_retried_and_the_batch_is_stored_once()
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { BatchSize = 10, RetryDelay = TimeSpan.FromMilliseconds(1) });
        bed.Store.Failure = call => call <= 2 ? new InvalidOperationException("disk full") : null;
        var records = bed.CaptureMany(5);

        await bed.StartAsync();
        await CaptureTestBed.WaitUntilAsync(() => bed.Queue.GetStatistics().Written == 5, "the batch is written");

        Assert.Equal(3, bed.Store.Calls.Count);
        Assert.All(bed.Store.Calls, call => Assert.Equal(records, call));
        Assert.Equal(records, Assert.Single(bed.Store.Committed));
        Assert.Equal(new CaptureQueueStatistics(10_000, 0, 5, 0, 5, 0), bed.Queue.GetStatistics());
        var retries = bed.Logger.Entries.Where(e => e.EventId == 5000).ToList();
        Assert.Equal(2, retries.Count);
        Assert.All(retries, e => Assert.Equal(LogLevel.Warning, e.Level));
    }

    [Fact]
    public async Task A_batch_that_fails_every_attempt_is_counted_failed_and_the_writer_goes_on()
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { BatchSize = 10, MaxWriteAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(1) });
        bed.Store.Failure = call => call <= 3 ? new InvalidOperationException("database is locked") : null;
        var lost = bed.CaptureMany(4);

        await bed.StartAsync();
        await CaptureTestBed.WaitUntilAsync(() => bed.Queue.GetStatistics().Failed == 4, "the batch is given up on");
        var later = bed.CaptureMany(2);
        await CaptureTestBed.WaitUntilAsync(() => bed.Queue.GetStatistics().Written == 2, "the next batch is written");

        Assert.Equal(4, bed.Store.Calls.Count);
        Assert.Equal(later, Assert.Single(bed.Store.Committed));
        Assert.Equal(new CaptureQueueStatistics(10_000, 0, 6, 0, 2, 4), bed.Queue.GetStatistics());
        var failure = Assert.Single(bed.Logger.Entries, e => e.EventId == 5001);
        Assert.Equal(LogLevel.Error, failure.Level);
        Assert.Contains("4 captured requests", failure.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(failure.Exception);
        Assert.All(bed.Logger.Entries, e => Assert.DoesNotContain(lost[0].Path, e.Message, StringComparison.Ordinal));
        Assert.All(bed.Logger.Entries, e => Assert.DoesNotContain(lost[0].Id.ToString(), e.Message, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Stopping_writes_everything_queued_before_it_returns()
    {
        // An interval far longer than the test: only the drain on stop can write the last, partial batch.
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { BatchSize = 30, FlushInterval = TimeSpan.FromMinutes(1) });
        bed.Store.Hold();
        await bed.StartAsync();
        var records = bed.CaptureMany(1).ToList();
        await CaptureTestBed.WaitUntilAsync(() => bed.Store.Calls.Count == 0 && bed.Queue.GetStatistics().Depth == 0, "the writer takes the first record");
        records.AddRange(bed.CaptureMany(99));

        var stopping = bed.Writer.StopAsync(CancellationToken.None);
        bed.Store.Release();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30), CaptureTestBed.Ct);

        Assert.Equal(records.Select(r => r.Id).Order(), bed.Store.Stored.Select(r => r.Id).Order());
        Assert.Equal(new CaptureQueueStatistics(10_000, 0, 100, 0, 100, 0), bed.Queue.GetStatistics());
    }

    [Fact]
    public async Task When_the_shutdown_timeout_expires_what_is_left_is_counted_failed()
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { BatchSize = 5 });
        bed.Store.Hold();
        await bed.StartAsync();
        bed.CaptureMany(5);
        await CaptureTestBed.WaitUntilAsync(() => bed.Store.Calls.Count == 1, "the first batch reaches the store");
        bed.CaptureMany(5);
        using var shutdownTimeout = new CancellationTokenSource();

        var stopping = bed.Writer.StopAsync(shutdownTimeout.Token);
        await shutdownTimeout.CancelAsync();
        await stopping;
        await bed.Writer.ExecuteTask!;

        Assert.Empty(bed.Store.Committed);
        Assert.Equal(new CaptureQueueStatistics(10_000, 0, 10, 0, 0, 10), bed.Queue.GetStatistics());
        Assert.Contains(bed.Logger.Entries, e => e.EventId == 5002 && e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task Captures_after_stopping_are_dropped()
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions());
        await bed.StartAsync();
        await bed.Writer.StopAsync(CaptureTestBed.Ct);

        bed.CaptureMany(2);

        Assert.Equal(new CaptureQueueStatistics(10_000, 0, 0, 2, 0, 0), bed.Queue.GetStatistics());
    }

    /// <summary>Moves the fake clock on by the flush interval until <paramref name="condition"/> holds: the writer may arm its timer after a first advance.</summary>
    private static Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition) =>
        CaptureTestBed.WaitUntilAsync(
            () =>
            {
                if (condition())
                {
                    return true;
                }

                time.Advance(Interval);
                return false;
            },
            "the interval's batch is written");
}
