using Tollgate.Core.Audit;

namespace Tollgate.Core.Tests.Audit;

public sealed class AuditEventReaderTimestampTests
{
    public static TheoryData<string, DateTimeOffset> Accepted => new()
    {
        { "2024-01-01T00:00:00Z", Utc(2024, 1, 1) },
        { "2024-01-01T00:00:00z", Utc(2024, 1, 1) },
        { "2024-01-01t00:00:00Z", Utc(2024, 1, 1) },
        { "2024-01-01 00:00:00Z", Utc(2024, 1, 1) },
        { "2024-01-01T02:00:00+02:00", Utc(2024, 1, 1) },
        { "2023-12-31T19:00:00-05:00", Utc(2024, 1, 1) },
        { "2024-01-01T05:30:00+05:30", Utc(2024, 1, 1) },
        { "2024-01-01T00:00:00+00:00", Utc(2024, 1, 1) },
        { "2024-01-01T00:00:00.1Z", Utc(2024, 1, 1).AddMilliseconds(100) },
        { "2024-01-01T00:00:00.123456Z", Utc(2024, 1, 1).AddTicks(1_234_560) },
        { "2024-01-01T00:00:00.1234567Z", Utc(2024, 1, 1).AddTicks(1_234_560) },
        { "2024-01-01T00:00:00.123456789Z", Utc(2024, 1, 1).AddTicks(1_234_560) },
        { "2024-01-01T00:00:00.999999999Z", Utc(2024, 1, 1).AddTicks(9_999_990) },
        { "2024-01-01T00:00:00.000001+01:00", Utc(2023, 12, 31, 23).AddTicks(10) },
        { "1970-01-01T00:00:00Z", DateTimeOffset.UnixEpoch },
        { "1970-01-01T01:00:00+01:00", DateTimeOffset.UnixEpoch },
        { "2024-02-29T23:59:59.999999Z", Utc(2024, 2, 29, 23, 59, 59).AddTicks(9_999_990) },
        { "9999-12-31T23:59:59.999999Z", Utc(9999, 12, 31, 23, 59, 59).AddTicks(9_999_990) },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Parses_rfc3339_to_utc_with_microsecond_precision(string text, DateTimeOffset expected)
    {
        var read = ReaderRun.Of(AuditEventReaderTests.WithMember(AuditFields.Timestamp, $"\"{text}\"")).Valid();

        Assert.Equal(expected.UtcTicks, read.Timestamp.UtcTicks);
        Assert.Equal(TimeSpan.Zero, read.Timestamp.Offset);
        Assert.True(AuditEventReader.TryParseTimestamp(text, out var parsed));
        Assert.Equal(expected.UtcTicks, parsed.UtcTicks);
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00")]
    [InlineData("2024-01-01T00:00:00.123")]
    [InlineData("2024-01-01")]
    [InlineData("2024-01-01Z")]
    [InlineData("1969-12-31T23:59:59.999999Z")]
    [InlineData("1970-01-01T00:30:00+01:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData(" 2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01T00:00:00Z ")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-02-30T00:00:00Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2024-01-01T24:00:00Z")]
    [InlineData("2024-01-01T23:59:60Z")]
    [InlineData("2024-01-01T00:00:00.Z")]
    [InlineData("2024-01-01T00:00:00.1234567890Z")]
    [InlineData("2024-01-01T00:00:00+0200")]
    [InlineData("2024-01-01T00:00:00+02")]
    [InlineData("2024-01-01T00:00:00+15:00")]
    [InlineData("2024-01-01T00:00:00+02:60")]
    [InlineData("2024-01-01T00:00Z")]
    [InlineData("24-01-01T00:00:00Z")]
    [InlineData("2024-01-01T00:00:00UTC")]
    [InlineData("Mon, 01 Jan 2024 00:00:00 GMT")]
    [InlineData("2024-01-01T00:00:00.000000000000000000000000000000000000Z")]
    [InlineData("２０２４-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    public void Refuses_a_timestamp_that_is_not_rfc3339_with_an_offset_from_1970_on(string text)
    {
        var error = ReaderRun.Of(AuditEventReaderTests.WithMember(AuditFields.Timestamp, $"\"{text}\"")).ErrorFor(AuditFields.Timestamp);

        Assert.Contains("RFC 3339", error.Message, StringComparison.Ordinal);
        Assert.False(AuditEventReader.TryParseTimestamp(text, out _));
    }

    [Fact]
    public void TryParseTimestamp_refuses_null()
    {
        Assert.False(AuditEventReader.TryParseTimestamp(null, out var value));
        Assert.Equal(default, value);
    }

    [Fact]
    public void Defaults_the_timestamp_to_the_receive_time_truncated_to_microseconds()
    {
        var read = ReaderRun.Of(ReaderRun.Minimal).Valid();

        var expected = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);
        Assert.Equal(expected, read.ReceivedAt);
        Assert.Equal(expected, read.Timestamp);
        Assert.Equal(TimeSpan.Zero, read.ReceivedAt.Offset);
    }

    [Fact]
    public void A_null_timestamp_means_the_receive_time()
    {
        var omitted = ReaderRun.Of(ReaderRun.Minimal).Valid();
        var nulled = ReaderRun.Of(AuditEventReaderTests.WithMember(AuditFields.Timestamp, "null")).Valid();

        Assert.Equal(omitted.Timestamp, nulled.Timestamp);
    }

    [Fact]
    public void Converts_a_receive_time_with_an_offset_to_utc()
    {
        var local = new DateTimeOffset(2025, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(15);

        var run = ReaderRun.Of(ReaderRun.Minimal, receivedAt: local);

        Assert.Equal(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(10), run.Valid().ReceivedAt);
        Assert.Equal(TimeSpan.Zero, run.Valid().ReceivedAt.Offset);
        Assert.Equal("2025-03-01T12:00:00.000001Z", run.Member(AuditFields.ReceivedAt).GetString());
    }

    [Fact]
    public void Writes_both_times_in_the_documented_format()
    {
        var run = ReaderRun.Of(AuditEventReaderTests.WithMember(AuditFields.Timestamp, "\"2024-06-01T08:09:10.5+02:00\""));

        Assert.Equal("2024-06-01T06:09:10.500000Z", run.Member(AuditFields.Timestamp).GetString());
        Assert.Equal("2025-03-01T12:00:00.123456Z", run.Member(AuditFields.ReceivedAt).GetString());
    }

    [Fact]
    public void Format_writes_utc_microseconds()
    {
        var value = new DateTimeOffset(2024, 1, 2, 5, 4, 5, TimeSpan.FromHours(3)).AddTicks(7);

        Assert.Equal("2024-01-02T02:04:05.000000Z", AuditEventReader.Format(value));
    }

    [Fact]
    public void TruncateToMicroseconds_drops_only_sub_microsecond_ticks()
    {
        var value = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(-1)).AddTicks(1_234_569);

        var truncated = AuditEventReader.TruncateToMicroseconds(value);

        Assert.Equal(value.UtcTicks - 9, truncated.UtcTicks);
        Assert.Equal(TimeSpan.Zero, truncated.Offset);
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);
}
