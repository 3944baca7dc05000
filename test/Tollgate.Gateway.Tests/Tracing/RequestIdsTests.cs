using Tollgate.Gateway.Tracing;

namespace Tollgate.Gateway.Tests.Tracing;

public sealed class RequestIdsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("req-42")]
    [InlineData("0190f1b2-7c3a-7def-8123-456789abcdef")]
    [InlineData("checkout.api:2024-01-01T00:00:00Z")]
    [InlineData("A_b.C:d-9")]
    public void Accepts_ids_of_letters_digits_dots_underscores_colons_and_hyphens(string id) =>
        Assert.True(RequestIds.IsValid(id));

    [Fact]
    public void Accepts_128_characters_and_rejects_129()
    {
        Assert.True(RequestIds.IsValid(new string('a', 128)));
        Assert.False(RequestIds.IsValid(new string('a', 129)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a b")]
    [InlineData(" abc")]
    [InlineData("abc\r\nX-Evil: 1")]
    [InlineData("abc\n")]
    [InlineData("abc\r")]
    [InlineData("a\tb")]
    [InlineData("a\0b")]
    [InlineData("abé")]
    [InlineData("日本")]
    [InlineData("a,b")]
    [InlineData("a;b")]
    [InlineData("a/b")]
    [InlineData("\"a\"")]
    [InlineData("<script>")]
    [InlineData("a=b")]
    public void Rejects_empty_ids_and_every_other_character(string id) =>
        Assert.False(RequestIds.IsValid(id));

    [Fact]
    public void Created_ids_are_uuid_v7_of_their_time_as_32_lowercase_hex_digits()
    {
        var now = new DateTimeOffset(2026, 11, 23, 13, 14, 15, 678, TimeSpan.Zero);

        var id = RequestIds.Create(now);

        TraceParentAssert.IsGeneratedRequestId(id);
        Assert.True(RequestIds.IsValid(id));
        var uuid = Guid.ParseExact(id, "N");
        Assert.Equal(7, uuid.Version);
        Assert.InRange(uuid.Variant, 0x8, 0xB);
        Assert.Equal(now.ToUnixTimeMilliseconds(), long.Parse(id[..12], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Created_ids_are_unique_within_one_millisecond()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 100_000; i++)
        {
            Assert.True(ids.Add(RequestIds.Create(now)));
        }
    }

    [Fact]
    public void Created_ids_sort_by_creation_time_to_the_millisecond()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 1000).Select(ms => RequestIds.Create(start.AddMilliseconds(ms))).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }
}
