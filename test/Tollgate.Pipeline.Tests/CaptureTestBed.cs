using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Core.Requests;
using Tollgate.Pipeline.Capture;
using Tollgate.Pipeline.Transport;
using Tollgate.Testing;
using Tollgate.Testing.Logging;

namespace Tollgate.Pipeline.Tests;

/// <summary>
/// A capture queue, its writer publishing into an <see cref="InMemoryRequestStore"/> (the embedded transport) and a
/// logger, wired by hand as the DI registration would, with a meter factory of their own so parallel tests never see
/// each other's instruments.
/// </summary>
internal sealed class CaptureTestBed : IAsyncDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);
    private readonly ServiceProvider services;
    private bool started;

    public CaptureTestBed(CaptureQueueOptions options, TimeProvider? timeProvider = null)
    {
        services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        MeterFactory = services.GetRequiredService<IMeterFactory>();
        Queue = new RequestCaptureQueue(Options.Create(options), MeterFactory);
        Writer = new RequestCaptureWriter(Queue, new StoreRequestPublisher(Store), Options.Create(options), timeProvider ?? TimeProvider.System, Logger);
    }

    public IMeterFactory MeterFactory { get; }

    public RequestCaptureQueue Queue { get; }

    public RequestCaptureWriter Writer { get; }

    public InMemoryRequestStore Store { get; } = new();

    public ListLogger<RequestCaptureWriter> Logger { get; } = new();

    public RequestRecordFactory Requests { get; } = new();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task StartAsync()
    {
        started = true;
        await Writer.StartAsync(Ct);
    }

    /// <summary>Captures new records, asserting that each capture completed at once.</summary>
    public IReadOnlyList<RequestRecord> CaptureMany(int count)
    {
        var records = Requests.Many("tenant-a", count);
        foreach (var record in records)
        {
            Assert.True(CompletedAtOnce(Queue.CaptureAsync(record, Ct)), "A capture did not complete synchronously.");
        }

        return records;
    }

    /// <summary>True when the capture had completed by the time it returned; an unfinished one is left to run.</summary>
    public static bool CompletedAtOnce(ValueTask capture)
    {
        if (capture.IsCompletedSuccessfully)
        {
            return true;
        }

        _ = capture.AsTask();
        return false;
    }

    /// <summary>Waits (polling, up to a generous limit) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var limit = DateTime.UtcNow + WaitLimit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < limit, $"Timed out waiting until {what}.");
            await Task.Delay(5, Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (started)
        {
            Store.Release();
            await Writer.StopAsync(CancellationToken.None);
        }

        Writer.Dispose();
        await services.DisposeAsync();
    }
}
