using System.Net;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>A body sent without Content-Length (chunked), so the server must find its size by reading.</summary>
public sealed class UnknownLengthContent : HttpContent
{
    private readonly byte[] bytes;

    public UnknownLengthContent(byte[] bytes, string contentType)
    {
        this.bytes = bytes;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < bytes.Length; offset += 1000)
        {
            await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(1000, bytes.Length - offset)));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
