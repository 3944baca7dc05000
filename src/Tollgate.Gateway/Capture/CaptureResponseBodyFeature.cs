using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Win32.SafeHandles;

namespace Tollgate.Gateway.Capture;

/// <summary>
/// The response body feature during capture: every way of writing the body (<see cref="Stream"/>, which YARP uses,
/// <see cref="Writer"/>, <see cref="SendFileAsync"/>) passes straight through to the original feature and appends the
/// bytes written to a <see cref="BodyCaptureBuffer"/>. Nothing is buffered or delayed: the bytes are copied (at most
/// the cap) before the original write is called, and its task is returned as is.
/// </summary>
/// <remarks>
/// Install with <c>Features.Set&lt;IHttpResponseBodyFeature&gt;(wrapper)</c> and restore the original in a
/// <c>finally</c>. Given the response, the wrapper decides at the first write, when the headers are final, whether
/// the body is text worth keeping (<see cref="CapturePolicy.IsCapturable(string?, Microsoft.Extensions.Primitives.StringValues)"/>);
/// if not it calls <see cref="BodyCaptureBuffer.StopCapturing"/> and only counts. Not thread-safe, like the response.
/// </remarks>
public sealed class CaptureResponseBodyFeature : IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature inner;
    private readonly BodyCaptureBuffer capture;
    private readonly HttpResponse? response;
    private CaptureResponseStream? stream;
    private CapturePipeWriter? writer;
    private bool checkedMediaType;

    /// <param name="inner">The original feature; receives every call.</param>
    /// <param name="capture">Receives a copy of every byte written.</param>
    /// <param name="response">
    /// The response whose <c>Content-Type</c> and <c>Content-Encoding</c> decide at the first write whether the body is
    /// kept or only counted; null keeps whatever is written.
    /// </param>
    public CaptureResponseBodyFeature(IHttpResponseBodyFeature inner, BodyCaptureBuffer capture, HttpResponse? response = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(capture);
        this.inner = inner;
        this.capture = capture;
        this.response = response;
        checkedMediaType = response is null;
    }

    /// <inheritdoc />
    public Stream Stream => stream ??= new CaptureResponseStream(inner.Stream, this);

    /// <inheritdoc />
    public PipeWriter Writer => writer ??= new CapturePipeWriter(inner.Writer, this);

    /// <inheritdoc />
    public void DisableBuffering() => inner.DisableBuffering();

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task CompleteAsync() => inner.CompleteAsync();

    /// <inheritdoc />
    /// <remarks>The original sends the file (zero-copy where the server can); the kept prefix is read from the file.</remarks>
    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        CheckMediaType();
        if (capture.IsCapturing && capture.TotalBytes < capture.MaxBytes)
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.Asynchronous);
            var length = Math.Max(0, count ?? RandomAccess.GetLength(file) - offset);
            var kept = await CaptureFileStartAsync(file, offset, length, cancellationToken);
            capture.Skip(length - kept);
        }
        else
        {
            capture.Skip(Math.Max(0, count ?? new FileInfo(path).Length - offset));
        }

        await inner.SendFileAsync(path, offset, count, cancellationToken);
    }

    /// <summary>Called by the stream and the writer with every byte written, before passing the write on.</summary>
    internal void OnWrite(ReadOnlySpan<byte> data)
    {
        if (!checkedMediaType)
        {
            CheckMediaType();
        }

        capture.Append(data);
    }

    private void CheckMediaType()
    {
        if (checkedMediaType)
        {
            return;
        }

        checkedMediaType = true;
        if (!CapturePolicy.IsCapturable(response!.ContentType, response.Headers.ContentEncoding))
        {
            capture.StopCapturing();
        }
    }

    private async Task<long> CaptureFileStartAsync(SafeFileHandle file, long offset, long length, CancellationToken cancellationToken)
    {
        var wanted = (int)Math.Min(length, capture.MaxBytes - capture.TotalBytes);
        var chunk = ArrayPool<byte>.Shared.Rent(wanted);
        var kept = 0;
        try
        {
            while (kept < wanted)
            {
                var read = await RandomAccess.ReadAsync(file, chunk.AsMemory(kept, wanted - kept), offset + kept, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                kept += read;
            }

            capture.Append(chunk.AsSpan(0, kept));
            return kept;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
