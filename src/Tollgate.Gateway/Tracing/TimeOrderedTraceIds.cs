using System.Buffers.Binary;
using System.Diagnostics;

namespace Tollgate.Gateway.Tracing;

/// <summary>
/// Trace ids for traces Tollgate starts: the first 6 bytes are the Unix time in milliseconds, the other 10 random.
/// Stores index requests by trace id; random ids scatter those inserts over the whole index (measured: about half
/// of SQLite's capture write rate), time-ordered ones append. The 10 random bytes still satisfy W3C Trace Context
/// Level 2, which asks only that the right-most 7 bytes be random.
/// </summary>
internal static class TimeOrderedTraceIds
{
    /// <summary>Makes every trace started in this process (by Tollgate or by ASP.NET Core's hosting) use these ids.</summary>
    public static void Install(TimeProvider time) => Activity.TraceIdGenerator = () => Create(time.GetUtcNow());

    public static ActivityTraceId Create(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        Span<byte> millis = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(millis, now.ToUnixTimeMilliseconds());
        millis[2..].CopyTo(bytes);
        return ActivityTraceId.CreateFromBytes(bytes);
    }
}
