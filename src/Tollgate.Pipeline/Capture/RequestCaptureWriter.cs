using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Requests;
using Tollgate.Pipeline.Transport;

namespace Tollgate.Pipeline.Capture;

/// <summary>
/// Drains the <see cref="RequestCaptureQueue"/> through the <see cref="IRequestPublisher"/> (the store when embedded,
/// the request stream when scaled out) in batches: as soon as
/// <see cref="CaptureQueueOptions.BatchSize"/> records are there, or with whatever arrived within
/// <see cref="CaptureQueueOptions.FlushInterval"/> of the first. A failed batch is retried with exponential backoff
/// (<see cref="CaptureQueueOptions.MaxWriteAttempts"/> attempts in all), then counted as failed and logged; the writer
/// goes on with the next batch. Stores skip record ids they already have, so a retried batch that did get through
/// duplicates nothing.
/// </summary>
/// <remarks>
/// On stop the queue stops taking records and everything already in it is written, for as long as the host's
/// shutdown timeout allows; what is left when it expires is counted as failed. The web server stops before this
/// service (it is added last), so the requests it drains are captured first. Log messages never contain record
/// contents.
/// </remarks>
public sealed partial class RequestCaptureWriter : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly RequestCaptureQueue _queue;
    private readonly IRequestPublisher _publisher;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RequestCaptureWriter> _logger;
    private readonly int _batchSize;
    private readonly TimeSpan _flushInterval;
    private readonly int _maxAttempts;
    private readonly TimeSpan _retryDelay;

    /// <summary>Creates the writer; it starts reading when the host starts it.</summary>
    public RequestCaptureWriter(
        RequestCaptureQueue queue,
        IRequestPublisher publisher,
        IOptions<CaptureQueueOptions> options,
        TimeProvider timeProvider,
        ILogger<RequestCaptureWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _publisher = publisher;
        _timeProvider = timeProvider;
        _logger = logger;
        var settings = options.Value;
        _batchSize = settings.BatchSize;
        _flushInterval = settings.FlushInterval;
        _maxAttempts = settings.MaxWriteAttempts;
        _retryDelay = settings.RetryDelay;
    }

    /// <summary>Stops the queue taking records, writes what it holds, and gives up on the rest when <paramref name="cancellationToken"/> (the host's shutdown timeout) fires.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Complete();
        if (ExecuteTask is { } running)
        {
            try
            {
                await running.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                LogDrainTimedOut(_logger, _queue.Reader.Count);
            }
        }

        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var batch = new List<RequestRecord>(Math.Min(_batchSize, 1024));
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                await FillAsync(reader, batch, stoppingToken);

                // A copy: the publisher may hold on to the list it was given, and this one is refilled.
                var records = batch.ToArray();
                batch.Clear();
                await WriteAsync(records, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _queue.RecordFailed(batch.Count);
        }

        var abandoned = 0;
        while (reader.TryRead(out _))
        {
            abandoned++;
        }

        _queue.RecordFailed(abandoned);
    }

    /// <summary>Takes what is there, then waits up to the flush interval for the batch to fill; ends early when the queue completes.</summary>
    private async Task FillAsync(ChannelReader<RequestRecord> reader, List<RequestRecord> batch, CancellationToken stoppingToken)
    {
        if (Drain(reader, batch))
        {
            return;
        }

        using var interval = new CancellationTokenSource(_flushInterval, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(interval.Token, stoppingToken);
        try
        {
            while (await reader.WaitToReadAsync(linked.Token))
            {
                if (Drain(reader, batch))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (interval.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // The interval is over: write what arrived, including records whose wake-up lost the race with the deadline.
            Drain(reader, batch);
        }
    }

    /// <summary>Moves waiting records into the batch; true once it is full.</summary>
    private bool Drain(ChannelReader<RequestRecord> reader, List<RequestRecord> batch)
    {
        while (batch.Count < _batchSize && reader.TryRead(out var record))
        {
            batch.Add(record);
        }

        return batch.Count >= _batchSize;
    }

    private async Task WriteAsync(RequestRecord[] records, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _publisher.PublishAsync(records, stoppingToken);
                _queue.RecordWritten(records.Length);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                _queue.RecordFailed(records.Length);
                throw;
            }
            catch (Exception ex) when (attempt < _maxAttempts)
            {
                var delay = RetryDelay(attempt);
                LogWriteRetrying(_logger, ex, records.Length, attempt, _maxAttempts, delay);
                try
                {
                    await Task.Delay(delay, _timeProvider, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    _queue.RecordFailed(records.Length);
                    throw;
                }
            }
            catch (Exception ex)
            {
                _queue.RecordFailed(records.Length);
                LogWriteFailed(_logger, ex, records.Length, attempt);
                return;
            }
        }
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var delay = _retryDelay * Math.Pow(2, attempt - 1);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning, Message = "Writing {Count} captured requests failed (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    private static partial void LogWriteRetrying(ILogger logger, Exception exception, int count, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Gave up writing {Count} captured requests after {Attempts} attempts; they are counted as failed")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, int attempts);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Shutdown timed out while writing captured requests; {Count} still queued are counted as failed")]
    private static partial void LogDrainTimedOut(ILogger logger, int count);
}
