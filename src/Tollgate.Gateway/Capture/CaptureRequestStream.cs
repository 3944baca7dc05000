using System.Runtime.CompilerServices;

namespace Tollgate.Gateway.Capture;

/// <summary>
/// The request body as the forwarder reads it, copied into a <see cref="BodyCaptureBuffer"/> on the way: every read,
/// whatever the overload, returns exactly what the inner stream returned and appends those bytes. Nothing is read
/// ahead, so the client's body is consumed only as fast as the upstream takes it, and <c>Request.BodyReader</c> (which
/// ASP.NET Core re-creates over a replaced <c>Request.Body</c>) goes through it too.
/// </summary>
/// <remarks>
/// Install with <c>Request.Body = new CaptureRequestStream(original, buffer)</c> and restore the original afterwards.
/// Disposing this stream disposes neither the inner stream (the server owns the request body) nor the buffer (the
/// recorder reads it after the exchange). Not thread-safe, like any stream.
/// </remarks>
public sealed class CaptureRequestStream : Stream
{
    private readonly Stream inner;
    private readonly BodyCaptureBuffer capture;

    /// <param name="inner">The request body.</param>
    /// <param name="capture">Receives a copy of every byte read.</param>
    public CaptureRequestStream(Stream inner, BodyCaptureBuffer capture)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(capture);
        this.inner = inner;
        this.capture = capture;
    }

    /// <inheritdoc />
    public override bool CanRead => inner.CanRead;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        capture.Append(buffer[..read]);
        return read;
    }

    /// <inheritdoc />
    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var pending = inner.ReadAsync(buffer, cancellationToken);
        if (!pending.IsCompletedSuccessfully)
        {
            return AppendWhenRead(pending, buffer);
        }

        var read = pending.Result;
        capture.Append(buffer.Span[..read]);
        return new ValueTask<int>(read);
    }

    /// <inheritdoc />
    public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        TaskToAsyncResult.Begin(ReadAsync(buffer, offset, count, CancellationToken.None), callback, state);

    /// <inheritdoc />
    public override int EndRead(IAsyncResult asyncResult) => TaskToAsyncResult.End<int>(asyncResult);

    /// <inheritdoc />
    public override void Flush()
    {
        // A read-only stream has nothing to flush; the inner request body is not ours to flush either.
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> AppendWhenRead(ValueTask<int> pending, Memory<byte> buffer)
    {
        var read = await pending;
        capture.Append(buffer.Span[..read]);
        return read;
    }
}
