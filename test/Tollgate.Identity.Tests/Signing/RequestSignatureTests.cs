using System.Security.Cryptography;
using System.Text;
using Tollgate.Identity.Signing;

namespace Tollgate.Identity.Tests.Signing;

public sealed class RequestSignatureTests
{
    private const string Secret = "tgs_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
    private const string Body = """{"event_type":"user.login"}""";

    [Fact]
    public void String_to_sign_is_the_canonical_lines()
    {
        var stringToSign = RequestSignature.StringToSign("post", "/v1/events?tenant=acme&dry_run=1", 1_700_000_000, "AbCdEfGh0123456789", SHA256.HashData(Encoding.UTF8.GetBytes(Body)));

        Assert.Equal(
            "POST\n/v1/events?tenant=acme&dry_run=1\n1700000000\nAbCdEfGh0123456789\nDcguKO1WCbSVbgxtfooXqd4H8vUdihP/ETAW3SQoXpo=",
            stringToSign);
    }

    [Fact]
    public void Empty_body_is_the_hash_of_zero_bytes()
    {
        var stringToSign = RequestSignature.StringToSign("GET", "/v1/events", 5, "0123456789abcdef", SHA256.HashData([]));

        Assert.Equal("GET\n/v1/events\n5\n0123456789abcdef\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", stringToSign);
    }

    [Fact]
    public void Documented_worked_example_gives_the_documented_digest_and_signature()
    {
        // docs/security.md, "Worked example": clients in other languages check themselves against these numbers.
        var body = Encoding.UTF8.GetBytes("""{"user_id":"u-42","event_type":"invoice.paid","src_service":"billing"}""");
        var digest = SHA256.HashData(body);
        Assert.Equal("eF3u7EhAy7D0Z5ZkpHBxXjnU7JUw5p/wOiCF8ZqqivU=", Convert.ToBase64String(digest));

        var stringToSign = RequestSignature.StringToSign("POST", "/api/v1/logs?source=docs", 1795440000, "4f1c2a9e7b3d4e5f8a6b", digest);
        var signature = RequestSignature.Sign("tgs_2fJ8mQ0pXv7bL3kR9sT1uW4yZ6aC8eG0iK2mO4qS6uV", stringToSign);

        Assert.Equal("Ht959HjYrSX2WCExfXtikcDavHN0yv5fUiEfuZMnWzU=", signature);
    }

    [Fact]
    public void Signature_matches_a_fixed_vector()
    {
        const string stringToSign = "POST\n/v1/events?tenant=acme&dry_run=1\n1700000000\nAbCdEfGh0123456789\nDcguKO1WCbSVbgxtfooXqd4H8vUdihP/ETAW3SQoXpo=";
        var independent = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(stringToSign)));

        var signature = RequestSignature.Sign(Secret, stringToSign);

        Assert.Equal(independent, signature);
        // printf '%s' "$STRING_TO_SIGN" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64
        Assert.Equal("DR9EaThBxqveVolQb2u9mbhcn9CDX3z0/iV08jcS61M=", signature);
        Assert.True(RequestSignature.Verify(Secret, stringToSign, signature));
    }

    [Theory]
    [InlineData("PUT", "/v1/events?tenant=acme&dry_run=1", 1_700_000_000L, "AbCdEfGh0123456789", Body)]
    [InlineData("POST", "/v1/events?tenant=acme&dry_run=0", 1_700_000_000L, "AbCdEfGh0123456789", Body)]
    [InlineData("POST", "/v1/events?dry_run=1&tenant=acme", 1_700_000_000L, "AbCdEfGh0123456789", Body)]
    [InlineData("POST", "/v1/events/?tenant=acme&dry_run=1", 1_700_000_000L, "AbCdEfGh0123456789", Body)]
    [InlineData("POST", "/v1/events?tenant=acme&dry_run=1", 1_700_000_001L, "AbCdEfGh0123456789", Body)]
    [InlineData("POST", "/v1/events?tenant=acme&dry_run=1", 1_700_000_000L, "AbCdEfGh0123456788", Body)]
    [InlineData("POST", "/v1/events?tenant=acme&dry_run=1", 1_700_000_000L, "AbCdEfGh0123456789", """{"event_type":"user.logout"}""")]
    [InlineData("POST", "/v1/events?tenant=acme&dry_run=1", 1_700_000_000L, "AbCdEfGh0123456789", "")]
    public void Verify_refuses_an_altered_request(string method, string target, long timestamp, string nonce, string body)
    {
        var signature = RequestSignature.Sign(Secret, StringToSign("POST", "/v1/events?tenant=acme&dry_run=1", 1_700_000_000, "AbCdEfGh0123456789", Body));

        Assert.False(RequestSignature.Verify(Secret, StringToSign(method, target, timestamp, nonce, body), signature));
    }

    [Fact]
    public void Verify_refuses_another_secret()
    {
        var stringToSign = StringToSign("POST", "/v1/events", 1_700_000_000, "AbCdEfGh0123456789", Body);
        var signature = RequestSignature.Sign(Secret, stringToSign);

        Assert.False(RequestSignature.Verify(Secret[..^1] + "H", stringToSign, signature));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("DR9EaThBxqveVolQb2u9mbhcn9CDX3z0/iV08jcS61M")]
    [InlineData("DR9EaThBxqveVolQb2u9mbhcn9CDX3z0/iV08jcS61M=AAAA")]
    [InlineData("DR9EaThBxqveVolQb2u9mbhcn9CDX3z0/iV08jcS")]
    [InlineData("DR9EaThBxqveVolQb2u9mbhcn9CDX3z0_iV08jcS61M=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Verify_refuses_malformed_or_wrong_signatures(string signature)
    {
        const string stringToSign = "POST\n/v1/events?tenant=acme&dry_run=1\n1700000000\nAbCdEfGh0123456789\nDcguKO1WCbSVbgxtfooXqd4H8vUdihP/ETAW3SQoXpo=";

        Assert.False(RequestSignature.Verify(Secret, stringToSign, signature));
    }

    [Fact]
    public void Verify_refuses_a_signature_prefix_that_decodes_to_fewer_bytes()
    {
        const string stringToSign = "GET\n/v1/events\n5\n0123456789abcdef\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        var full = Convert.FromBase64String(RequestSignature.Sign(Secret, stringToSign));

        Assert.False(RequestSignature.Verify(Secret, stringToSign, Convert.ToBase64String(full.AsSpan(0, 31))));
        Assert.False(RequestSignature.Verify(Secret, stringToSign, Convert.ToBase64String([.. full, 0])));
    }

    [Theory]
    [InlineData("0123456789abcdef")]
    [InlineData("AZaz09._~-AZaz09")]
    [InlineData("3f2b8c1e-7d4a-4e9b-9a1c-5b6d7e8f9a0b")]
    public void Accepts_well_formed_nonces(string nonce)
    {
        Assert.True(RequestSignature.IsValidNonce(nonce));
        Assert.True(RequestSignature.IsValidNonce(new string('a', 128)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcde")]
    [InlineData("0123456789abcdef/")]
    [InlineData("0123456789abcdef+")]
    [InlineData("0123456789abcdef=")]
    [InlineData("0123456789 abcdef")]
    [InlineData("0123456789abcdefé")]
    [InlineData("0123456789abcdef\n")]
    public void Refuses_malformed_nonces(string? nonce)
    {
        Assert.False(RequestSignature.IsValidNonce(nonce));
        Assert.False(RequestSignature.IsValidNonce(new string('a', 129)));
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1700000000", 1_700_000_000L)]
    [InlineData("999999999999", 999_999_999_999L)]
    [InlineData("000000000042", 42L)]
    public void Parses_timestamps_of_up_to_12_digits(string value, long expected)
    {
        Assert.True(RequestSignature.TryParseTimestamp(value, out var seconds));
        Assert.Equal(expected, seconds);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-1700000000")]
    [InlineData("+1700000000")]
    [InlineData(" 1700000000")]
    [InlineData("1700000000 ")]
    [InlineData("1700000000.5")]
    [InlineData("1e9")]
    [InlineData("١٧٠٠٠٠٠٠٠٠")]
    [InlineData("1000000000000")]
    public void Refuses_malformed_timestamps(string? value)
    {
        Assert.False(RequestSignature.TryParseTimestamp(value, out var seconds));
        Assert.Equal(0, seconds);
    }

    [Fact]
    public void Header_names_are_the_documented_ones()
    {
        Assert.Equal("X-Tollgate-Key-Id", SignatureHeaders.KeyId);
        Assert.Equal("X-Tollgate-Timestamp", SignatureHeaders.Timestamp);
        Assert.Equal("X-Tollgate-Nonce", SignatureHeaders.Nonce);
        Assert.Equal("X-Tollgate-Signature", SignatureHeaders.Signature);
    }

    private static string StringToSign(string method, string target, long timestamp, string nonce, string body) =>
        RequestSignature.StringToSign(method, target, timestamp, nonce, SHA256.HashData(Encoding.UTF8.GetBytes(body)));
}
