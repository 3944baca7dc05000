using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Requests;

public sealed class RequestCursorTests
{
    [Fact]
    public void Encoded_cursor_parses_back_to_the_same_position()
    {
        var cursor = new RequestCursor(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero).AddTicks(1230), Guid.CreateVersion7());

        Assert.True(RequestCursor.TryParse(cursor.Encode(), out var parsed));
        Assert.Equal(cursor, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("djE6MTIzOjQ1Ng")]
    public void Anything_else_is_refused(string? value) => Assert.False(RequestCursor.TryParse(value, out _));

    [Fact]
    public void An_audit_cursor_is_not_a_request_cursor()
    {
        var audit = new Core.Audit.AuditCursor(DateTimeOffset.UnixEpoch, 7).Encode();

        Assert.False(RequestCursor.TryParse(audit, out _));
    }
}
