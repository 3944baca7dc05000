using System.IO.Pipelines;
using Tollgate.Gateway.Capture;

namespace Tollgate.Gateway.Tests.Capture;

public sealed class CaptureRequestStreamTests
{
    public static TheoryData<int, string> SizesAndReads
    {
        get
        {
            var data = new TheoryData<int, string>();
            foreach (var size in new[] { 0, 1, Bodies.Cap - 1, Bodies.Cap, Bodies.Cap + 1, 1024 * 1024 })
            {
                foreach (var read in new[] { "array", "span", "byte", "async-array", "async-memory", "begin-end", "copy-to", "pipe-reader" })
                {
                    data.Add(size, read);
                }
            }

            data.Add(Bodies.Large, "async-memory");
            data.Add(Bodies.Large, "copy-to");
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SizesAndReads))]
    public async Task The_reader_gets_every_byte_unchanged_and_the_buffer_the_first_cap_bytes(int size, string read)
    {
        var body = Bodies.Pattern(size);
        using var buffer = new BodyCaptureBuffer(Bodies.Cap);
        await using var stream = new CaptureRequestStream(new TrickleStream(body, maxChunk: 7001), buffer);

        var received = await ReadAllAsync(stream, read);

        Assert.Equal(body, received);
        Assert.Equal(size, buffer.TotalBytes);
        Assert.Equal(body.AsSpan(0, Math.Min(size, Bodies.Cap)), buffer.WrittenSpan);
        Assert.InRange(buffer.Capacity, 0, Bodies.Cap);
    }

    [Fact]
    public async Task Nothing_is_read_ahead_of_the_reader()
    {
        var inner = new TrickleStream(Bodies.Pattern(10_000), maxChunk: 10_000);
        using var buffer = new BodyCaptureBuffer(Bodies.Cap);
        await using var stream = new CaptureRequestStream(inner, buffer);

        var read = await stream.ReadAsync(new byte[10], TestContext.Current.CancellationToken);

        Assert.Equal(10, read);
        Assert.Equal(10, inner.Consumed);
        Assert.Equal(10, buffer.TotalBytes);
    }

    [Fact]
    public async Task Disposing_the_wrapper_leaves_the_request_body_to_the_server()
    {
        var inner = new TrickleStream(Bodies.Pattern(100), maxChunk: 100);
        using var buffer = new BodyCaptureBuffer(Bodies.Cap);

        await new CaptureRequestStream(inner, buffer).DisposeAsync();
        new CaptureRequestStream(inner, buffer).Dispose();

        Assert.False(inner.Disposed);
        Assert.Equal(100, inner.Read(new byte[200]));
    }

    [Fact]
    public void The_stream_is_read_only_and_not_seekable()
    {
        using var buffer = new BodyCaptureBuffer(Bodies.Cap);
        using var stream = new CaptureRequestStream(new MemoryStream([1, 2, 3]), buffer);

        Assert.True(stream.CanRead);
        Assert.False(stream.CanSeek);
        Assert.False(stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Length);
        Assert.Throws<NotSupportedException>(() => stream.Position);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => stream.Write([1], 0, 1));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, string read)
    {
        var received = new MemoryStream();
        var chunk = new byte[4096];
        switch (read)
        {
            case "copy-to":
                await stream.CopyToAsync(received, TestContext.Current.CancellationToken);
                return received.ToArray();
            case "pipe-reader":
                var reader = PipeReader.Create(stream);
                while (true)
                {
                    var result = await reader.ReadAsync(TestContext.Current.CancellationToken);
                    foreach (var segment in result.Buffer)
                    {
                        received.Write(segment.Span);
                    }

                    reader.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                    {
                        await reader.CompleteAsync();
                        return received.ToArray();
                    }
                }
        }

        while (true)
        {
            var count = read switch
            {
                "array" => stream.Read(chunk, 1, chunk.Length - 1),
                "span" => stream.Read(chunk.AsSpan(1)),
                "byte" => ReadOneByte(stream, chunk),
#pragma warning disable CA1835 // The array overload is one of the reads under test.
                "async-array" => await stream.ReadAsync(chunk, 1, chunk.Length - 1, TestContext.Current.CancellationToken),
#pragma warning restore CA1835
                "async-memory" => await stream.ReadAsync(chunk.AsMemory(1), TestContext.Current.CancellationToken),
                "begin-end" => await Task.Factory.FromAsync(stream.BeginRead, stream.EndRead, chunk, 1, chunk.Length - 1, null),
                _ => throw new ArgumentOutOfRangeException(nameof(read), read, null),
            };
            if (count == 0)
            {
                return received.ToArray();
            }

            received.Write(chunk, 1, count);
        }
    }

    private static int ReadOneByte(Stream stream, byte[] chunk)
    {
        var value = stream.ReadByte();
        if (value < 0)
        {
            return 0;
        }

        chunk[1] = (byte)value;
        return 1;
    }
}
