using System.Text;
using Tollgate.Core.Requests;
using Tollgate.Gateway.Capture;

namespace Tollgate.Gateway.Tests.Capture;

public sealed class BodyCaptureBufferTests
{
    public static TheoryData<int> Sizes => Bodies.SizesAroundTheCap;

    /// <summary>A character of each UTF-8 length, and how many of its bytes fit before the cap.</summary>
    public static TheoryData<string, int> CharactersCutByTheCap => new()
    {
        { "é", 1 },
        { "€", 1 },
        { "€", 2 },
        { "😀", 1 },
        { "😀", 2 },
        { "😀", 3 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Keeps_the_first_cap_bytes_and_counts_all(int size)
    {
        var body = Bodies.Pattern(size);
        using var buffer = new BodyCaptureBuffer(Bodies.Cap);

        foreach (var chunk in body.Chunk(4093))
        {
            buffer.Append(chunk);
        }

        Assert.Equal(size, buffer.TotalBytes);
        Assert.Equal(size > Bodies.Cap, buffer.Truncated);
        Assert.Equal(body.AsSpan(0, Math.Min(size, Bodies.Cap)), buffer.WrittenSpan);
        Assert.InRange(buffer.Capacity, 0, Bodies.Cap);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Multi_byte_text_is_cut_at_a_character_boundary(int size)
    {
        var body = Bodies.MultiByteText(size);
        using var buffer = new BodyCaptureBuffer(Bodies.Cap);

        foreach (var chunk in body.Chunk(1000))
        {
            buffer.Append(chunk);
        }

        var kept = buffer.GetCompleteUtf8();
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(kept);
        Assert.InRange(kept.Length, Math.Min(size, Bodies.Cap) - 3, Math.Min(size, Bodies.Cap));
        Assert.StartsWith(text, Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CharactersCutByTheCap))]
    public void A_character_straddling_the_cap_is_dropped_whole(string character, int bytesBeforeCap)
    {
        const int Cap = 64;
        var prefix = new string('x', Cap - bytesBeforeCap);
        var body = Bodies.Utf8(prefix + character + "tail");
        using var buffer = new BodyCaptureBuffer(Cap);

        buffer.Append(body);

        Assert.Equal(Cap, buffer.WrittenSpan.Length);
        Assert.Equal(prefix, Encoding.UTF8.GetString(buffer.GetCompleteUtf8()));
    }

    [Theory]
    [InlineData("é")]
    [InlineData("€")]
    [InlineData("😀")]
    public void A_character_ending_exactly_at_the_cap_is_kept(string character)
    {
        const int Cap = 64;
        var text = new string('x', Cap - Encoding.UTF8.GetByteCount(character)) + character;
        using var buffer = new BodyCaptureBuffer(Cap);

        buffer.Append(Bodies.Utf8(text + "more"));

        Assert.True(buffer.Truncated);
        Assert.Equal(text, Encoding.UTF8.GetString(buffer.GetCompleteUtf8()));
    }

    [Fact]
    public void A_complete_body_is_returned_whole_even_when_it_ends_in_a_broken_character()
    {
        using var buffer = new BodyCaptureBuffer(64);
        byte[] body = [(byte)'a', 0xF0, 0x9F];

        buffer.Append(body);

        Assert.False(buffer.Truncated);
        Assert.Equal(body, buffer.GetCompleteUtf8());
    }

    [Fact]
    public void A_small_body_rents_a_small_array_that_grows_up_to_the_cap()
    {
        using var buffer = new BodyCaptureBuffer(Bodies.Cap);
        Assert.Equal(0, buffer.Capacity);

        buffer.Append(new byte[200]);
        Assert.InRange(buffer.Capacity, 200, 512);

        buffer.Append(new byte[300]);
        Assert.InRange(buffer.Capacity, 500, 2048);

        buffer.Append(Bodies.Pattern(100_000));
        Assert.Equal(Bodies.Cap, buffer.Capacity);
        Assert.Equal(Bodies.Pattern(100_000).AsSpan(0, Bodies.Cap - 500), buffer.WrittenSpan[500..]);
    }

    [Fact]
    public void Ten_megabytes_through_a_32_KiB_cap_never_hold_more_than_the_cap()
    {
        using var buffer = new BodyCaptureBuffer(32 * 1024);
        var chunk = Bodies.Pattern(8 * 1024);
        var largest = 0;

        for (var sent = 0; sent < Bodies.Large; sent += chunk.Length)
        {
            buffer.Append(chunk);
            largest = Math.Max(largest, buffer.Capacity);
        }

        Assert.Equal(Bodies.Large, buffer.TotalBytes);
        Assert.Equal(32 * 1024, largest);
        Assert.Equal(32 * 1024, buffer.WrittenSpan.Length);
    }

    [Fact]
    public void A_zero_cap_counts_without_renting()
    {
        using var buffer = new BodyCaptureBuffer(0);

        buffer.Append(new byte[5000]);

        Assert.Equal(5000, buffer.TotalBytes);
        Assert.Equal(0, buffer.Capacity);
        Assert.True(buffer.WrittenSpan.IsEmpty);
        Assert.True(buffer.Truncated);
    }

    [Fact]
    public void Stopping_discards_what_was_kept_and_keeps_counting()
    {
        using var buffer = new BodyCaptureBuffer(1024);
        buffer.Append(new byte[100]);

        buffer.StopCapturing();
        buffer.Append(new byte[100]);

        Assert.False(buffer.IsCapturing);
        Assert.True(buffer.WrittenSpan.IsEmpty);
        Assert.Equal(0, buffer.Capacity);
        Assert.Equal(200, buffer.TotalBytes);
    }

    [Fact]
    public void Appends_after_dispose_only_count()
    {
        var buffer = new BodyCaptureBuffer(1024);
        buffer.Append(new byte[10]);

        buffer.Dispose();
        buffer.Append(new byte[10]);
        buffer.Dispose();

        Assert.Equal(20, buffer.TotalBytes);
        Assert.True(buffer.WrittenSpan.IsEmpty);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(RequestLimits.MaxBodyBytes + 1)]
    public void A_cap_outside_the_stored_limit_is_refused(int cap) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BodyCaptureBuffer(cap));
}
