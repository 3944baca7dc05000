using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Tollgate.Pipeline.Capture;
using Tollgate.Pipeline.Streams;

namespace Tollgate.Pipeline.Tests.Streams;

/// <summary>Sums the stream counters of one meter factory by instrument and signal, so parallel tests do not mix.</summary>
internal sealed class StreamMeterReader : IDisposable
{
    private readonly MeterListener listener;
    private readonly ConcurrentDictionary<(string Name, string Signal), long> totals = new();

    public StreamMeterReader(IMeterFactory factory)
    {
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == CaptureMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var signal = string.Empty;
            foreach (var tag in tags)
            {
                if (tag.Key == StreamMetrics.SignalTag)
                {
                    signal = (string)tag.Value!;
                }
            }

            totals.AddOrUpdate((instrument.Name, signal), value, (_, sum) => sum + value);
        });
        listener.Start();
    }

    /// <summary>The sum of <paramref name="name"/>'s measurements for <paramref name="signal"/> so far.</summary>
    public long Total(string name, string signal) => totals.TryGetValue((name, signal), out var sum) ? sum : 0;

    /// <summary>
    /// Waits (polling, bounded) until <paramref name="name"/> for <paramref name="signal"/> reaches
    /// <paramref name="expected"/>, then asserts it: a collector counts just after Redis acknowledged, so a test that saw
    /// the acknowledgement may look a moment before the count.
    /// </summary>
    public async Task AssertTotalAsync(string name, string signal, long expected)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Total(name, signal) != expected && DateTime.UtcNow < limit)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(expected, Total(name, signal));
    }

    public void Dispose() => listener.Dispose();
}
