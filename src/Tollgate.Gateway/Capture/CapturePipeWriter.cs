using System.IO.Pipelines;

namespace Tollgate.Gateway.Capture;

/// <summary>
/// The response body writer of a <see cref="CaptureResponseBodyFeature"/>: hands out the original writer's memory,
/// and on <see cref="Advance"/> gives the feature the bytes the caller wrote there before advancing the original.
/// Nothing is buffered here, so flushes, cancellation and completion behave exactly as the original's.
/// </summary>
internal sealed class CapturePipeWriter(PipeWriter inner, CaptureResponseBodyFeature owner) : PipeWriter
{
    private Memory<byte> lastMemory;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override Memory<byte> GetMemory(int sizeHint = 0) => lastMemory = inner.GetMemory(sizeHint);

    // The span is taken from the memory so Advance knows where the caller wrote.
    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        if (bytes > 0 && bytes <= lastMemory.Length)
        {
            owner.OnWrite(lastMemory.Span[..bytes]);
        }

        lastMemory = default;
        inner.Advance(bytes);
    }

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        owner.OnWrite(source.Span);
        return inner.WriteAsync(source, cancellationToken);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
}
