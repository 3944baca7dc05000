using System.Buffers.Text;
using System.Text;
using Tollgate.Core.Audit;

namespace Tollgate.Core.Tests.Audit;

public sealed class AuditCursorTests
{
    public static TheoryData<DateTimeOffset, long> Positions => new()
    {
        { new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), 1 },
        { DateTimeOffset.UnixEpoch, long.MaxValue },
        { new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), 42 },
        { DateTimeOffset.MaxValue, 7 },
    };

    [Theory]
    [MemberData(nameof(Positions))]
    public void Round_trips_through_its_encoded_form(DateTimeOffset timestamp, long sequence)
    {
        var cursor = new AuditCursor(timestamp, sequence);

        Assert.True(AuditCursor.TryParse(cursor.Encode(), out var parsed));

        Assert.Equal(cursor, parsed);
        Assert.Equal(timestamp.UtcTicks, parsed.Timestamp.UtcTicks);
        Assert.Equal(TimeSpan.Zero, parsed.Timestamp.Offset);
    }

    [Fact]
    public void Round_trips_an_offset_timestamp_as_the_same_instant_in_utc()
    {
        var local = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(2));

        Assert.True(AuditCursor.TryParse(new AuditCursor(local, 5).Encode(), out var parsed));

        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), parsed.Timestamp);
        Assert.Equal(TimeSpan.Zero, parsed.Timestamp.Offset);
    }

    [Fact]
    public void Encodes_url_safe_text()
    {
        var encoded = new AuditCursor(DateTimeOffset.MaxValue, long.MaxValue).Encode();

        Assert.Matches("^[A-Za-z0-9_-]+$", encoded);
        Assert.True(encoded.Length <= 128);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("!!!!")]
    [InlineData("v1:638765000000000000:5")]
    [InlineData("djE6MTox+/")]
    public void Rejects_text_that_is_not_base64url(string? value)
    {
        Assert.False(AuditCursor.TryParse(value, out var cursor));
        Assert.Equal(default, cursor);
    }

    [Theory]
    [InlineData("v2:638765000000000000:5")]
    [InlineData("V1:638765000000000000:5")]
    [InlineData(":638765000000000000:5")]
    [InlineData("v1:638765000000000000")]
    [InlineData("v1:638765000000000000:5:6")]
    [InlineData("v1:638765000000000000:0")]
    [InlineData("v1:638765000000000000:-1")]
    [InlineData("v1:-638765000000000000:5")]
    [InlineData("v1:+638765000000000000:5")]
    [InlineData("v1: 638765000000000000:5")]
    [InlineData("v1:638765000000000000:5 ")]
    [InlineData("v1:6.3e17:5")]
    [InlineData("v1:abc:5")]
    [InlineData("v1::5")]
    [InlineData("v1:638765000000000000:")]
    [InlineData("v1:3155378976000000000:5")]
    [InlineData("v1:99999999999999999999:5")]
    [InlineData("v1:638765000000000000:99999999999999999999")]
    public void Rejects_a_well_encoded_but_invalid_payload(string payload)
    {
        var encoded = Base64Url.EncodeToString(Encoding.ASCII.GetBytes(payload));

        Assert.False(AuditCursor.TryParse(encoded, out _));
    }

    [Fact]
    public void Accepts_the_largest_valid_position()
    {
        var encoded = Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"v1:{DateTimeOffset.MaxValue.UtcTicks}:{long.MaxValue}"));

        Assert.True(AuditCursor.TryParse(encoded, out var cursor));
        Assert.Equal(new AuditCursor(DateTimeOffset.MaxValue, long.MaxValue), cursor);
    }

    [Theory]
    [InlineData(129)]
    [InlineData(4096)]
    public void Rejects_oversized_text(int length)
    {
        // Valid base64url characters and a valid prefix, padded with zeros: only the length is wrong.
        var text = new AuditCursor(DateTimeOffset.UnixEpoch, 1).Encode().PadRight(length, 'A');

        Assert.False(AuditCursor.TryParse(text, out _));
    }
}
