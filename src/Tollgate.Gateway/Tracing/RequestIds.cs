using System.Buffers;
using System.Buffers.Binary;

namespace Tollgate.Gateway.Tracing;

/// <summary>
/// The rules for <c>X-Request-ID</c>: which incoming ids are accepted and how Tollgate makes one. An accepted id is
/// echoed in responses and log lines, so the character set excludes everything that could split a header or a log
/// line (CR, LF, spaces, quotes, commas, non-ASCII).
/// </summary>
/// <remarks>
/// Generated ids are UUIDv7 (RFC 9562) as 32 lowercase hex digits, not the trace id: a trace spans many requests
/// (every hop of a continued <c>traceparent</c> shares it), while a request id must name one request. UUIDv7 starts
/// with the Unix time in milliseconds, so ids sort by arrival to the millisecond in storage and in log search, and
/// its 74 random bits keep it unique without coordination between gateway nodes. The random bits come from
/// <see cref="Random.Shared"/>, not the OS's cryptographic generator that <see cref="Guid.CreateVersion7()"/> uses:
/// that costs a system call (about 0.5 µs here) on every request, and a request id is not a secret.
/// </remarks>
public static class RequestIds
{
    /// <summary>The header that carries the request id, in requests and responses.</summary>
    public const string HeaderName = "X-Request-ID";

    /// <summary>The longest request id accepted.</summary>
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");

    /// <summary>True when <paramref name="id"/> is 1–128 characters of <c>[A-Za-z0-9._:-]</c>.</summary>
    public static bool IsValid(ReadOnlySpan<char> id) =>
        id.Length is > 0 and <= MaxLength && !id.ContainsAnyExcept(Allowed);

    /// <summary>A new request id for a request that arrived at <paramref name="now"/>: UUIDv7, 32 lowercase hex digits.</summary>
    public static string Create(DateTimeOffset now)
    {
        // 48 bits of Unix milliseconds, then random bits but for the version (7) and the variant (binary 10).
        Span<byte> uuid = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(uuid, now.ToUnixTimeMilliseconds() << 16);
        Random.Shared.NextBytes(uuid[6..]);
        uuid[6] = (byte)(0x70 | (uuid[6] & 0x0F));
        uuid[8] = (byte)(0x80 | (uuid[8] & 0x3F));
        return Convert.ToHexStringLower(uuid);
    }
}
