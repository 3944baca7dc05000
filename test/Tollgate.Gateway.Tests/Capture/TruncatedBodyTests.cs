using System.Text;
using System.Text.Json;
using Tollgate.Core.Requests;
using Tollgate.Gateway.Capture;

namespace Tollgate.Gateway.Tests.Capture;

/// <summary>Bodies cut by the cap at every possible byte: what was cut off, or is incomplete, never leaks.</summary>
public sealed class TruncatedBodyTests
{
    // Each secret starts with characters found nowhere else in its body, so any prefix of it shows.
    private const string Json =
        """
        {"name":"visible é","password":"ZZpassword-value","credentials":{"user":"QQuser","key":"QQkey"},
         "note":"sent eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl now","cards":[4111111111111111, 5],"tail":"end"}
        """;

    private const string Text =
        "Hello, paid with 4111 1111 1111 1111 and sent Authorization: Bearer XX-opaque-Token_123 with "
        + "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl and tg_0123456789abcdefghijKLMNOPQRSTUVWXYZabcde then bye.";

    private static readonly string[] JsonSecretStarts = ["ZZ", "QQ", "eyJ", "4111"];
    private static readonly string[] TextSecretStarts = ["4111", "XX", "eyJ", "tg_"];

    public static TheoryData<int> JsonCuts => [.. Enumerable.Range(1, Encoding.UTF8.GetByteCount(Json) - 1)];

    public static TheoryData<int> TextCuts => [.. Enumerable.Range(1, Text.Length - 1)];

    [Theory]
    [MemberData(nameof(JsonCuts))]
    public void A_cut_json_body_keeps_a_prefix_of_the_redacted_body_and_leaks_no_secret(int cut)
    {
        var full = Policies.Json(Json);

        var redacted = Policies.Bodies.RedactBody(Encoding.UTF8.GetBytes(Json).AsSpan(0, cut), "application/json", truncated: true);

        Assert.StartsWith(redacted, full, StringComparison.Ordinal);
        Assert.All(JsonSecretStarts, start => Assert.DoesNotContain(start, redacted, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TextCuts))]
    public void A_cut_text_body_drops_its_last_word_and_leaks_no_secret(int cut)
    {
        var full = Policies.Bodies.RedactBody(Encoding.UTF8.GetBytes(Text), "text/plain", truncated: false);

        var redacted = Policies.Bodies.RedactBody(Encoding.UTF8.GetBytes(Text).AsSpan(0, cut), "text/plain", truncated: true);

        Assert.StartsWith(redacted, full, StringComparison.Ordinal);
        Assert.All(TextSecretStarts, start => Assert.DoesNotContain(start, redacted, StringComparison.Ordinal));
    }

    [Fact]
    public void The_secrets_of_the_uncut_bodies_are_masked()
    {
        var json = Policies.Json(Json);
        var text = Policies.Bodies.RedactBody(Encoding.UTF8.GetBytes(Text), "text/plain", truncated: false);

        Assert.All(JsonSecretStarts, start => Assert.DoesNotContain(start, json, StringComparison.Ordinal));
        Assert.All(TextSecretStarts, start => Assert.DoesNotContain(start, text, StringComparison.Ordinal));
        Assert.Contains("\"tail\":\"end\"", json, StringComparison.Ordinal);
        Assert.EndsWith("then bye.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_inside_a_redacted_object_keeps_the_member_name_and_nothing_of_the_value()
    {
        const string Body = """{"id":7,"password":{"old":"ZZold","new":"ZZnew"}}""";

        var redacted = Policies.Bodies.RedactBody(Encoding.UTF8.GetBytes(Body).AsSpan(0, Body.IndexOf("ZZnew", StringComparison.Ordinal) + 2), "application/json", truncated: true);

        Assert.Equal("""{"id":7,"password":""", redacted);
    }

    [Fact]
    public void Capturing_through_a_buffer_marks_the_body_truncated_and_cuts_at_a_character()
    {
        var body = Encoding.UTF8.GetBytes("""{"a":"xx","b":"😀😀😀😀"}""");
        using var buffer = new BodyCaptureBuffer(22);
        buffer.Append(body);

        var captured = Policies.Bodies.CaptureBody(buffer, "application/json; charset=utf-8");

        Assert.NotNull(captured);
        Assert.True(captured.Truncated);
        Assert.Equal("""{"a":"xx","b":""", captured.Text);
        Assert.Equal("application/json; charset=utf-8", captured.ContentType);
    }

    [Fact]
    public void A_cut_text_body_never_ends_in_half_a_character()
    {
        var body = Encoding.UTF8.GetBytes("ab 😀😀");
        using var buffer = new BodyCaptureBuffer(5);
        buffer.Append(body);

        var captured = Policies.Bodies.CaptureBody(buffer, "text/plain");

        Assert.NotNull(captured);
        Assert.Equal("ab ", captured.Text);
        Assert.DoesNotContain('\uFFFD', captured.Text);
    }

    [Fact]
    public void Masks_that_make_a_body_longer_than_the_cap_are_cut_to_it_and_flagged()
    {
        var body = Encoding.UTF8.GetBytes("""{"pin":1,"cvv":2,"otp":3}""");
        using var buffer = new BodyCaptureBuffer(body.Length);
        buffer.Append(body);

        var captured = Policies.Bodies.CaptureBody(buffer, "application/json");

        Assert.NotNull(captured);
        Assert.False(buffer.Truncated);
        Assert.True(captured.Truncated);
        Assert.Equal(body.Length, Encoding.UTF8.GetByteCount(captured.Text));
        Assert.Equal("{\"pin\":\"[REDACTED]\",\"cvv\"", captured.Text);
    }

    [Fact]
    public void A_complete_body_under_the_cap_is_captured_whole_and_valid()
    {
        var body = Encoding.UTF8.GetBytes("""{"token":"abc","ok":true}""");
        using var buffer = new BodyCaptureBuffer(1024);
        buffer.Append(body);

        var captured = Policies.Bodies.CaptureBody(buffer, "application/json");

        Assert.NotNull(captured);
        Assert.False(captured.Truncated);
        Assert.Equal(RequestRedaction.Mask, JsonDocument.Parse(captured.Text).RootElement.GetProperty("token").GetString());
    }

    [Theory]
    [InlineData(CaptureMode.Metadata, "application/json", true)]
    [InlineData(CaptureMode.Bodies, "image/png", true)]
    [InlineData(CaptureMode.Bodies, null, true)]
    [InlineData(CaptureMode.Bodies, "application/json", false)]
    public void Nothing_is_captured_in_metadata_mode_for_binary_types_or_a_stopped_buffer(CaptureMode mode, string? contentType, bool capturing)
    {
        var policy = CapturePolicy.Create(new CaptureOptions { Mode = mode });
        using var buffer = new BodyCaptureBuffer(1024);
        buffer.Append("{}"u8);
        if (!capturing)
        {
            buffer.StopCapturing();
        }

        Assert.Null(policy.CaptureBody(buffer, contentType));
    }
}
