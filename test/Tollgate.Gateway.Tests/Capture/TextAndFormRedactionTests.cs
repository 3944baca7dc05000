using System.Text;
using Tollgate.Gateway.Capture;

namespace Tollgate.Gateway.Tests.Capture;

public sealed class TextAndFormRedactionTests
{
    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8")]
    public void A_form_body_masks_sensitive_fields_like_a_query(string contentType)
    {
        const string Body = "grant_type=password&username=bob&password=hunter2&client_secret=abc%21&accessToken=t&code=xyz&note=hello+world";

        var redacted = Policies.Bodies.RedactBody(Encoding.UTF8.GetBytes(Body), contentType, truncated: false);

        Assert.Equal("grant_type=password&username=bob&password=[REDACTED]&client_secret=[REDACTED]&accessToken=[REDACTED]&code=[REDACTED]&note=hello+world", redacted);
    }

    [Fact]
    public void A_form_body_gets_the_detectors_on_encoded_values()
    {
        var body = $"a=Bearer+{Uri.EscapeDataString(Secrets.OpaqueToken)}&b=4111%201111%201111%201111&c=plain";

        var redacted = Policies.Bodies.RedactBody(Encoding.UTF8.GetBytes(body), "application/x-www-form-urlencoded", truncated: false);

        Assert.Equal("a=[REDACTED]&b=[REDACTED]&c=plain", redacted);
    }

    [Fact]
    public void A_form_field_configured_for_json_or_query_is_masked_in_forms()
    {
        var policy = Policies.With(o =>
        {
            o.RedactJsonFields.Add("email");
            o.RedactQueryParameters.Add("session");
        });

        var redacted = policy.RedactBody("email=a%40b.c&session=s1&x=1"u8, "application/x-www-form-urlencoded", truncated: false);

        Assert.Equal("email=[REDACTED]&session=[REDACTED]&x=1", redacted);
    }

    [Fact]
    public void A_cut_form_body_drops_the_field_the_cut_fell_in()
    {
        var redacted = Policies.Bodies.RedactBody("user=bob&password=hunt"u8, "application/x-www-form-urlencoded", truncated: true);

        Assert.Equal("user=bob&", redacted);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/html; charset=utf-8")]
    [InlineData("application/xml")]
    [InlineData("application/soap+xml")]
    [InlineData("text/csv")]
    public void Text_bodies_get_the_detectors_and_keep_everything_else(string contentType)
    {
        var body = $"<a>é 日本 {Secrets.Jwt}</a><card>4111111111111111</card><password>kept</password>";

        var redacted = Policies.Bodies.RedactBody(Encoding.UTF8.GetBytes(body), contentType, truncated: false);

        Assert.Equal("<a>é 日本 [REDACTED]</a><card>[REDACTED]</card><password>kept</password>", redacted);
    }

    [Fact]
    public void Text_without_secrets_is_returned_as_sent()
    {
        const string Body = "line one\nline two: 42, 2024-01-15, 3.14159265358979\n";

        Assert.Equal(Body, Policies.Bodies.RedactBody(Encoding.UTF8.GetBytes(Body), "text/plain", truncated: false));
    }

    [Theory]
    [InlineData("application/json", false)]
    [InlineData("application/json", true)]
    [InlineData("text/plain", false)]
    [InlineData("application/x-www-form-urlencoded", false)]
    public void An_empty_body_is_stored_empty(string contentType, bool truncated)
    {
        Assert.Equal(string.Empty, Policies.Bodies.RedactBody([], contentType, truncated));
        Assert.Equal("  \n", Policies.Bodies.RedactBody("  \n"u8, contentType, truncated: false));
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/problem+json", true)]
    [InlineData("application/x-ndjson", true)]
    [InlineData("text/plain; charset=utf-8", true)]
    [InlineData("text/event-stream", true)]
    [InlineData(" Text/HTML ", true)]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData("application/xml", true)]
    [InlineData("application/atom+xml", true)]
    [InlineData("application/javascript", true)]
    [InlineData("application/octet-stream", false)]
    [InlineData("multipart/form-data; boundary=abc", false)]
    [InlineData("image/png", false)]
    [InlineData("application/pdf", false)]
    [InlineData("application/grpc", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_text_media_types_are_capturable(string? contentType, bool capturable)
    {
        Assert.Equal(capturable, CapturePolicy.IsCapturable(contentType));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("identity", true)]
    [InlineData("gzip", false)]
    [InlineData("br", false)]
    public void A_compressed_body_is_not_capturable(string? contentEncoding, bool capturable)
    {
        Assert.Equal(capturable, CapturePolicy.IsCapturable("application/json", contentEncoding));
    }
}
