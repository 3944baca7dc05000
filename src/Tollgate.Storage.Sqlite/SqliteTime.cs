namespace Tollgate.Storage.Sqlite;

/// <summary>Timestamps are stored as unix microseconds (UTC), the precision every Tollgate store keeps.</summary>
internal static class SqliteTime
{
    public static long ToMicroseconds(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicroseconds(long value) => new(DateTimeOffset.UnixEpoch.UtcTicks + (value * 10), TimeSpan.Zero);
}
