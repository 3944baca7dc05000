using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Tollgate.Gateway.Validation;

/// <summary>
/// Reads and replaces request bodies for the gateway steps that must see a whole body before the upstream does
/// (schema validation, payload decryption): bounded reads into pooled buffers, and replacement bodies whose
/// Content-Length is right for the forwarder.
/// </summary>
internal static class RequestBodyReader
{
    private const int FirstReadSize = 16 * 1024;

    /// <summary>Whether the request carries a body: by the server's framing when it tells, else by its headers.</summary>
    public static bool HasBody(HttpRequest request)
    {
        if (request.ContentLength == 0)
        {
            return false;
        }

        return request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { } detection
            ? detection.CanHaveBody
            : request.ContentLength > 0 || request.Headers.ContainsKey(HeaderNames.TransferEncoding);
    }

    /// <summary>
    /// Reads the body into an array rented from <see cref="ArrayPool{T}.Shared"/>, which the caller returns. Reads at
    /// most <paramref name="limit"/> + 1 bytes: a length above <paramref name="limit"/> means the body is longer.
    /// </summary>
    public static async ValueTask<(byte[] Buffer, int Length)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var max = limit + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } declared ? (int)Math.Min(declared + 1, max) : Math.Min(FirstReadSize, max));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, max));
                    buffer.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, max) - length), cancellationToken);
                length += read;
                if (read == 0 || length == max)
                {
                    return (buffer, length);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Makes <paramref name="body"/> the request body, with its Content-Length and without Transfer-Encoding.</summary>
    public static void Replace(HttpRequest request, MemoryStream body)
    {
        request.Body = body;
        request.ContentLength = body.Length;
        request.Headers.Remove(HeaderNames.TransferEncoding);
    }
}
