using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Tollgate.Pipeline.Capture;

namespace Tollgate.Pipeline.Tests.Capture;

public sealed class CaptureMetricsTests
{
    [Fact]
    public async Task The_instruments_report_what_the_statistics_count()
    {
        await using var bed = new CaptureTestBed(new CaptureQueueOptions { Capacity = 3, BatchSize = 10, MaxWriteAttempts = 1 });
        bed.Store.Failure = call => call == 1 ? new InvalidOperationException("offline") : null;
        using var listener = Listen(bed.MeterFactory, out var instruments, out var values);

        bed.CaptureMany(5);
        listener.RecordObservableInstruments();
        Assert.Equal(3L, values[CaptureMetrics.Enqueued]);
        Assert.Equal(2L, values[CaptureMetrics.Dropped]);
        Assert.Equal(3L, values[CaptureMetrics.QueueDepth]);

        await bed.StartAsync();
        await CaptureTestBed.WaitUntilAsync(() => bed.Queue.GetStatistics().Failed == 3, "the first batch fails");
        bed.CaptureMany(2);
        await CaptureTestBed.WaitUntilAsync(() => bed.Queue.GetStatistics().Written == 2, "the second batch is written");
        listener.RecordObservableInstruments();

        var statistics = bed.Queue.GetStatistics();
        Assert.Equal(new CaptureQueueStatistics(3, 0, 5, 2, 2, 3), statistics);
        Assert.Equal(statistics.Enqueued, values[CaptureMetrics.Enqueued]);
        Assert.Equal(statistics.Dropped, values[CaptureMetrics.Dropped]);
        Assert.Equal(statistics.Written, values[CaptureMetrics.Written]);
        Assert.Equal(statistics.Failed, values[CaptureMetrics.Failed]);
        Assert.Equal(0L, values[CaptureMetrics.QueueDepth]);
        Assert.IsType<ObservableCounter<long>>(instruments[CaptureMetrics.Enqueued]);
        Assert.IsType<ObservableCounter<long>>(instruments[CaptureMetrics.Dropped]);
        Assert.IsType<ObservableCounter<long>>(instruments[CaptureMetrics.Written]);
        Assert.IsType<ObservableCounter<long>>(instruments[CaptureMetrics.Failed]);
        Assert.IsType<ObservableGauge<int>>(instruments[CaptureMetrics.QueueDepth]);
        Assert.All(instruments.Values, i => Assert.Equal("{record}", i.Unit));
    }

    /// <summary>Listens to the pipeline meter of one factory only, so parallel tests do not mix.</summary>
    private static MeterListener Listen(IMeterFactory factory, out ConcurrentDictionary<string, Instrument> instruments, out ConcurrentDictionary<string, long> values)
    {
        var published = new ConcurrentDictionary<string, Instrument>();
        var measured = new ConcurrentDictionary<string, long>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == CaptureMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    published[instrument.Name] = instrument;
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measured[instrument.Name] = value);
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => measured[instrument.Name] = value);
        listener.Start();
        instruments = published;
        values = measured;
        return listener;
    }
}
