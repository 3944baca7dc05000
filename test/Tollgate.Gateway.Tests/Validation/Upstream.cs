using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Gateway.Tests.Validation;

/// <summary>
/// A fake upstream that answers 200 with the exact bytes it received and headers describing the request as it
/// arrived: <see cref="CalledHeader"/> proves it ran, the others give the Content-Length, Content-Type and
/// Transfer-Encoding it saw.
/// </summary>
public static class Upstream
{
    public const string CalledHeader = "X-Upstream-Called";
    public const string ContentLengthHeader = "X-Upstream-Content-Length";
    public const string ContentTypeHeader = "X-Upstream-Content-Type";
    public const string TransferEncodingHeader = "X-Upstream-Transfer-Encoding";

    public static Task EchoAsync(HttpContext context) => EchoAsync(context, "application/octet-stream");

    /// <summary>Echoes the request body as <paramref name="contentType"/>.</summary>
    public static async Task EchoAsync(HttpContext context, string contentType)
    {
        using var received = new MemoryStream();
        await context.Request.Body.CopyToAsync(received, context.RequestAborted);
        context.Response.Headers[CalledHeader] = "1";
        context.Response.Headers[ContentLengthHeader] = context.Request.ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        context.Response.Headers[ContentTypeHeader] = context.Request.ContentType ?? "";
        context.Response.Headers[TransferEncodingHeader] = context.Request.Headers.TransferEncoding.ToString();
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(received.ToArray(), context.RequestAborted);
    }

    public static bool WasCalled(HttpResponseMessage response) => response.Headers.Contains(CalledHeader);

    public static string? Received(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? values.Single() : null;

    /// <summary>Content of <paramref name="bytes"/> with the given Content-Type, and chunked (no Content-Length) when asked.</summary>
    public static HttpContent Body(byte[] bytes, string? contentType = "application/json", bool chunked = false)
    {
        HttpContent content = chunked ? new StreamContent(new UnseekableStream(bytes)) : new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    /// <summary>A stream of unknown length, so HttpClient sends it chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
