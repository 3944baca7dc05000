using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Tollgate.Server.Http;

/// <summary>
/// Reads a request body into a pooled buffer, never more than a cap: a declared Content-Length over the cap is
/// refused before reading, and a body without one is read up to the cap plus one byte, which proves it too large.
/// </summary>
internal static class BoundedBodyReader
{
    private const int InitialSize = 16 * 1024;

    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<PooledBuffer?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        // Kestrel's own limit (30 MB by default) would refuse a bulk body we accept; ours is the one that applies.
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = maxBytes + 1;
        }

        var cap = (int)Math.Min(maxBytes + 1, Array.MaxLength);
        var size = (int)Math.Min(request.ContentLength is { } declared ? declared + 1 : InitialSize, cap);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= cap)
                    {
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, cap) - length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length >= cap)
                {
                    break;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (length > maxBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }

        return new PooledBuffer(buffer, length);
    }
}
