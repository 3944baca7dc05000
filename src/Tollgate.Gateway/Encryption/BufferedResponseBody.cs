using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Tollgate.Gateway.Encryption;

/// <summary>
/// Stands in for the response body while the upstream answers a route whose responses are encrypted: everything
/// written is kept in pooled memory, up to a limit, and nothing reaches the client until the middleware decides. Past
/// the limit it keeps nothing more but goes on accepting writes, so that the forwarder finishes normally and the
/// middleware can still answer 502. <see cref="Release"/> zeroes what it held. One request's, not thread-safe.
/// </summary>
internal sealed class BufferedResponseBody(HttpResponse response, int limit) : Stream, IHttpResponseBodyFeature
{
    private const int MinimumSize = 4096;

    private byte[] buffer = [];
    private int length;
    private PipeWriter? writer;

    /// <summary>True when more than the limit was written: <see cref="Content"/> is then empty.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>What was written, unless it <see cref="Overflowed"/>.</summary>
    public ReadOnlyMemory<byte> Content => buffer.AsMemory(0, length);

    Stream IHttpResponseBodyFeature.Stream => this;

    public PipeWriter Writer => writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => FlushWriterAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    public Task CompleteAsync() => FlushWriterAsync(default);

    /// <summary>Moves what was written through <see cref="Writer"/> into the buffer.</summary>
    public async Task FlushWriterAsync(CancellationToken cancellationToken)
    {
        if (writer is not null)
        {
            await writer.FlushAsync(cancellationToken);
        }
    }

    /// <summary>Zeroes the buffer and gives it back to the pool.</summary>
    public void Release()
    {
        if (buffer.Length > 0)
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = [];
        length = 0;
    }

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (Overflowed)
        {
            return;
        }

        if (data.Length > limit - length)
        {
            Overflowed = true;
            Release();
            return;
        }

        if (length + data.Length > buffer.Length)
        {
            Grow(length + data.Length);
        }

        data.CopyTo(buffer.AsSpan(length));
        length += data.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Moves to a larger pooled array: the announced Content-Length at first, so a typical body is copied once.</summary>
    private void Grow(int needed)
    {
        var size = buffer.Length == 0 && response.ContentLength is { } announced && announced <= limit
            ? Math.Max(needed, (int)announced)
            : Math.Max(needed, (int)Math.Min(Math.Max(buffer.Length * 2L, MinimumSize), limit));
        var grown = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, length).CopyTo(grown);
        var written = length;
        Release();
        buffer = grown;
        length = written;
    }
}
