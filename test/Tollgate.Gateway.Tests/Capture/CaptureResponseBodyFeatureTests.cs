using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Tollgate.Gateway.Capture;

namespace Tollgate.Gateway.Tests.Capture;

/// <summary>The response tap in a real ASP.NET Core pipeline (TestHost), installed and restored as the gateway does.</summary>
public sealed class CaptureResponseBodyFeatureTests
{
    private static readonly string[] WriteModes =
    [
        "stream-async-memory", "stream-async-array", "stream-sync-array", "stream-sync-span", "stream-begin-end",
        "writer-span-advance", "writer-memory-advance", "writer-write-async",
    ];

    public static TheoryData<int, string> SizesAndWrites
    {
        get
        {
            var data = new TheoryData<int, string>();
            foreach (var size in new[] { 0, 1, Bodies.Cap - 1, Bodies.Cap, Bodies.Cap + 1 })
            {
                foreach (var mode in WriteModes)
                {
                    data.Add(size, mode);
                }
            }

            data.Add(Bodies.Large, "stream-async-memory");
            data.Add(Bodies.Large, "writer-span-advance");
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SizesAndWrites))]
    public async Task The_client_gets_every_byte_and_the_buffer_the_first_cap_bytes(int size, string mode)
    {
        var body = Bodies.Pattern(size);

        var (received, captured) = await RunAsync(context => WriteAsync(context, body, mode), "application/json");

        Assert.Equal(body, received);
        Assert.Equal(size, captured.TotalBytes);
        Assert.True(captured.IsCapturing);
        Assert.Equal(body[..Math.Min(size, Bodies.Cap)], captured.Kept);
        Assert.InRange(captured.Capacity, 0, Bodies.Cap);
    }

    [Fact]
    public async Task Writes_through_the_stream_and_the_writer_are_kept_in_order()
    {
        var (received, captured) = await RunAsync(
            async context =>
            {
                await context.Response.Body.WriteAsync(Bodies.Utf8("{\"a\":"));
                await context.Response.BodyWriter.WriteAsync(Bodies.Utf8("\"é😀\","));
                await context.Response.WriteAsync("\"b\":1}");
            },
            "application/json");

        Assert.Equal("{\"a\":\"é😀\",\"b\":1}", System.Text.Encoding.UTF8.GetString(received));
        Assert.Equal(received, captured.Kept);
    }

    [Theory]
    [InlineData("image/png", null)]
    [InlineData("application/octet-stream", null)]
    [InlineData("multipart/form-data; boundary=x", null)]
    [InlineData(null, null)]
    [InlineData("application/json", "gzip")]
    public async Task A_body_that_is_not_readable_text_is_counted_not_kept(string? contentType, string? contentEncoding)
    {
        var body = Bodies.Pattern(5000);

        var (received, captured) = await RunAsync(
            context =>
            {
                if (contentEncoding is not null)
                {
                    context.Response.Headers.ContentEncoding = contentEncoding;
                }

                return context.Response.Body.WriteAsync(body).AsTask();
            },
            contentType);

        Assert.Equal(body, received);
        Assert.False(captured.IsCapturing);
        Assert.Empty(captured.Kept);
        Assert.Equal(0, captured.Capacity);
        Assert.Equal(5000, captured.TotalBytes);
    }

    [Fact]
    public async Task Without_the_response_every_body_is_kept()
    {
        var body = Bodies.Pattern(5000);

        var (_, captured) = await RunAsync(context => context.Response.Body.WriteAsync(body).AsTask(), "image/png", passResponse: false);

        Assert.True(captured.IsCapturing);
        Assert.Equal(body, captured.Kept);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(10, null)]
    [InlineData(10, 100L)]
    [InlineData(1000, 40_000L)]
    public async Task A_sent_file_reaches_the_client_and_its_start_is_kept(long offset, long? count)
    {
        var file = Bodies.Pattern(50_000);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, file, TestContext.Current.CancellationToken);
            var expected = file.AsSpan((int)offset, (int)(count ?? file.Length - offset)).ToArray();

            var (received, captured) = await RunAsync(context => context.Response.SendFileAsync(path, offset, count), "text/plain");

            Assert.Equal(expected, received);
            Assert.Equal(expected.Length, captured.TotalBytes);
            Assert.Equal(expected[..Math.Min(expected.Length, Bodies.Cap)], captured.Kept);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_binary_sent_file_is_counted_without_being_read()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, Bodies.Pattern(5000), TestContext.Current.CancellationToken);

            var (received, captured) = await RunAsync(context => context.Response.SendFileAsync(path), "image/png");

            Assert.Equal(5000, received.Length);
            Assert.False(captured.IsCapturing);
            Assert.Equal(5000, captured.TotalBytes);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Start_complete_and_disable_buffering_reach_the_original_feature()
    {
        var original = new RecordingBodyFeature();
        using var buffer = new BodyCaptureBuffer(Bodies.Cap);
        var tap = new CaptureResponseBodyFeature(original, buffer);

        tap.DisableBuffering();
        await tap.StartAsync(TestContext.Current.CancellationToken);
        await tap.Stream.WriteAsync(Bodies.Utf8("abc"), TestContext.Current.CancellationToken);
        await tap.Stream.FlushAsync(TestContext.Current.CancellationToken);
        await tap.CompleteAsync();

        Assert.Equal(["DisableBuffering", "StartAsync", "CompleteAsync"], original.Calls);
        Assert.Equal(Bodies.Utf8("abc"), original.Body.ToArray());
        Assert.Equal(Bodies.Utf8("abc"), buffer.WrittenSpan);
    }

    [Fact]
    public async Task Only_the_bytes_advanced_over_the_last_memory_are_kept()
    {
        var original = new RecordingBodyFeature();
        using var buffer = new BodyCaptureBuffer(Bodies.Cap);
        var writer = new CaptureResponseBodyFeature(original, buffer).Writer;

        writer.GetMemory(10).Span.Fill((byte)'x');
        var span = writer.GetSpan(10);
        "hello"u8.CopyTo(span);
        writer.Advance(5);
        writer.Advance(0);
        await writer.FlushAsync(TestContext.Current.CancellationToken);
        await writer.CompleteAsync();

        Assert.Equal(Bodies.Utf8("hello"), original.Body.ToArray());
        Assert.Equal(Bodies.Utf8("hello"), buffer.WrittenSpan);
    }

    private static async Task WriteAsync(HttpContext context, byte[] body, string mode)
    {
        var stream = context.Response.Body;
        var writer = context.Response.BodyWriter;
        foreach (var chunk in body.Chunk(5003))
        {
            switch (mode)
            {
                case "stream-async-memory":
                    await stream.WriteAsync(chunk.AsMemory());
                    break;
                case "stream-async-array":
#pragma warning disable CA1835 // The array overload is one of the writes under test.
                    await stream.WriteAsync(chunk, 0, chunk.Length);
#pragma warning restore CA1835
                    break;
                case "stream-sync-array":
                    stream.Write(chunk, 0, chunk.Length);
                    break;
                case "stream-sync-span":
                    stream.Write(chunk.AsSpan());
                    break;
                case "stream-begin-end":
                    await Task.Factory.FromAsync(stream.BeginWrite, stream.EndWrite, chunk, 0, chunk.Length, null);
                    break;
                case "writer-span-advance":
                    chunk.CopyTo(writer.GetSpan(chunk.Length));
                    writer.Advance(chunk.Length);
                    await writer.FlushAsync();
                    break;
                case "writer-memory-advance":
                    chunk.CopyTo(writer.GetMemory(chunk.Length));
                    writer.Advance(chunk.Length);
                    await writer.FlushAsync();
                    break;
                case "writer-write-async":
                    await writer.WriteAsync(chunk);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
            }
        }
    }

    private static async Task<(byte[] Received, Captured Captured)> RunAsync(
        Func<HttpContext, Task> write, string? contentType, bool passResponse = true)
    {
        var captured = new TaskCompletionSource<Captured>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer(server => server.AllowSynchronousIO = true)
                .Configure(app =>
                {
                    app.Use(async (context, next) =>
                    {
                        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                        using var buffer = new BodyCaptureBuffer(Bodies.Cap);
                        context.Features.Set<IHttpResponseBodyFeature>(
                            new CaptureResponseBodyFeature(original, buffer, passResponse ? context.Response : null));
                        try
                        {
                            await next(context);
                        }
                        finally
                        {
                            context.Features.Set(original);
                            captured.SetResult(new Captured(buffer.TotalBytes, buffer.WrittenSpan.ToArray(), buffer.IsCapturing, buffer.Capacity));
                        }
                    });
                    app.Run(context =>
                    {
                        context.Response.ContentType = contentType;
                        return write(context);
                    });
                }))
            .Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        using var client = host.GetTestClient();

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);
        var received = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
        return (received, await captured.Task);
    }

    private sealed record Captured(long TotalBytes, byte[] Kept, bool IsCapturing, int Capacity);

    /// <summary>An original feature that writes to memory and records the calls that are not writes.</summary>
    private sealed class RecordingBodyFeature : IHttpResponseBodyFeature
    {
        public RecordingBodyFeature() => Writer = PipeWriter.Create(Body, new StreamPipeWriterOptions(leaveOpen: true));

        public MemoryStream Body { get; } = new();

        public List<string> Calls { get; } = [];

        public Stream Stream => Body;

        public PipeWriter Writer { get; }

        public void DisableBuffering() => Calls.Add(nameof(DisableBuffering));

        public Task StartAsync(CancellationToken cancellationToken = default)
        {
            Calls.Add(nameof(StartAsync));
            return Task.CompletedTask;
        }

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task CompleteAsync()
        {
            Calls.Add(nameof(CompleteAsync));
            return Task.CompletedTask;
        }
    }
}
