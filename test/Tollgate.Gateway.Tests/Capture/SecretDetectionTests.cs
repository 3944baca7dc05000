using System.Text;
using Tollgate.Gateway.Capture;

namespace Tollgate.Gateway.Tests.Capture;

/// <summary>The detectors, through a text body (UTF-8) and a query value (UTF-16), which must agree.</summary>
public sealed class SecretDetectionTests
{
    public static TheoryData<string> CardNumbers =>
    [
        "4111111111111111",
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4012888888881881",
        "5555555555554444",
        "5555 5555 5555 4444",
        "2223003122003222",
        "378282246310005",
        "3782 822463 10005",
        "6011111111111117",
        "6011-0009-9013-9424",
        "3530111333300000",
        "4222222222222",
        "4111111111111111110",
    ];

    public static TheoryData<string> NotCardNumbers =>
    [
        "4111111111111112",
        "4111 1111 1111 1112",
        "411111111111",
        "41111111111111111111",
        "9111111111111110",
        "1111111111111117",
        "id4111111111111111",
        "4111111111111111x",
        "0.4111111111111111",
        "4111111111111111.5",
        "4111  1111 1111 1111",
        "2024-01-15 10:00:00",
        "+1 555-123-4567",
        "550e8400-e29b-41d4-a716-446655440000",
    ];

    [Theory]
    [MemberData(nameof(CardNumbers))]
    public void A_luhn_valid_card_number_is_masked(string card)
    {
        Assert.Equal("paid [REDACTED], thanks", Text($"paid {card}, thanks"));
        Assert.Equal("n=[REDACTED]&m=1", Policies.Bodies.RedactQuery($"n={card}&m=1"));
    }

    [Theory]
    [MemberData(nameof(NotCardNumbers))]
    public void A_number_that_is_not_a_card_is_kept(string number)
    {
        Assert.Equal($"ref {number} ok", Text($"ref {number} ok"));
    }

    [Fact]
    public void A_card_inside_a_longer_digit_group_run_is_found()
    {
        Assert.Equal("ref 12 [REDACTED] ok", Text("ref 12 4111 1111 1111 1111 ok"));
        Assert.Equal("[REDACTED] 12/29", Text("4111 1111 1111 1111 12/29"));
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("bearer ")]
    [InlineData("BEARER   ")]
    public void A_bearer_token_is_masked_after_its_scheme(string scheme)
    {
        Assert.Equal($"Authorization: {scheme}[REDACTED]\nnext", Text($"Authorization: {scheme}{Secrets.OpaqueToken}\nnext"));
    }

    [Theory]
    [InlineData("the bearer instruments are void")]
    [InlineData("Bearer abc")]
    [InlineData("Bearer")]
    [InlineData("unbearer xYz12345678")]
    public void Bearer_in_prose_or_with_a_short_token_is_kept(string text)
    {
        Assert.Equal(text, Text(text));
    }

    [Theory]
    [InlineData(Secrets.Jwt)]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    [InlineData("eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn")]
    public void A_jwt_is_masked(string jwt)
    {
        Assert.Equal("token=[REDACTED] end", Text($"token={jwt} end"));
        Assert.Equal("(\"[REDACTED]\")", Text($"(\"{jwt}\")"));
    }

    [Theory]
    [InlineData("eyJhbGciOiJIUzI1NiJ9")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9..sig")]
    [InlineData("keyJx.y.z")]
    [InlineData("eyJ.a.b")]
    public void Text_that_only_looks_like_the_start_of_a_jwt_is_kept(string text)
    {
        Assert.Equal(text, Text(text));
    }

    [Fact]
    public void Tollgate_keys_tokens_and_signing_secrets_are_masked()
    {
        Assert.Equal("k=[REDACTED] r=[REDACTED] s=[REDACTED].", Text($"k={Secrets.ApiKey} r={Secrets.RefreshToken} s={Secrets.SigningSecret}."));
    }

    [Theory]
    [InlineData("tg_short")]
    [InlineData("tg_enabled_flag")]
    [InlineData("xtg_0123456789abcdefghijKLMNOP")]
    [InlineData("tgx_0123456789abcdefghijKLMNOP")]
    public void Text_that_only_starts_like_a_tollgate_key_is_kept(string text)
    {
        Assert.Equal(text, Text(text));
    }

    [Fact]
    public void Many_secrets_and_near_misses_in_one_text_are_all_handled()
    {
        var text = new StringBuilder();
        var expected = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            text.Append($"{i}: 4111111111111111 / 4111111111111112 Bearer {Secrets.OpaqueToken} eyJ.x {Secrets.ApiKey} 2 3 4 5 6 end ");
            expected.Append($"{i}: [REDACTED] / 4111111111111112 Bearer [REDACTED] eyJ.x [REDACTED] 2 3 4 5 6 end ");
        }

        Assert.Equal(expected.ToString(), Text(text.ToString()));
    }

    private static string Text(string text) => Policies.Bodies.RedactBody(Encoding.UTF8.GetBytes(text), "text/plain", truncated: false);
}
