using System.Numerics;
using System.Security.Cryptography;
using Tollgate.Identity.Secrets;

namespace Tollgate.Identity.Tests.Secrets;

public sealed class SecretTokensTests
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static TheoryData<string> Kinds => ["tg_", "tgr_", "tgs_"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void New_secrets_are_the_prefix_and_43_base62_characters(string prefix)
    {
        for (var i = 0; i < 200; i++)
        {
            var secret = New(prefix);

            Assert.StartsWith(prefix, secret, StringComparison.Ordinal);
            Assert.Equal(prefix.Length + 43, secret.Length);
            Assert.All(secret[prefix.Length..], c => Assert.Contains(c, Base62));
            Assert.True(Decode(secret[prefix.Length..]) < BigInteger.One << 256);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void New_secrets_differ(string prefix)
    {
        var secrets = Enumerable.Range(0, 1000).Select(_ => New(prefix)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, secrets.Count);
    }

    [Fact]
    public void New_secrets_use_the_whole_alphabet_in_every_position_but_the_first()
    {
        var seen = new HashSet<char>[43];
        for (var i = 0; i < seen.Length; i++)
        {
            seen[i] = [];
        }

        for (var n = 0; n < 3000; n++)
        {
            var digits = SecretTokens.NewApiKey()[3..];
            for (var i = 0; i < digits.Length; i++)
            {
                seen[i].Add(digits[i]);
            }
        }

        // 2^256 / 62^42 is about 60.6, so the leading digit never exceeds 'y'; every other position takes all 62.
        Assert.All(seen[1..], set => Assert.Equal(62, set.Count));
        Assert.True(seen[0].Count > 50);
    }

    [Fact]
    public void Base62_encoding_left_pads_with_zeros_and_round_trips()
    {
        var zero = new char[43];
        SecretTokens.EncodeBase62(new byte[32], zero);
        Assert.Equal(new string('0', 43), new string(zero));

        byte[] one = [.. new byte[31], 1];
        var encodedOne = new char[43];
        SecretTokens.EncodeBase62(one, encodedOne);
        Assert.Equal(new string('0', 42) + "1", new string(encodedOne));

        var max = new char[43];
        SecretTokens.EncodeBase62(Enumerable.Repeat((byte)0xFF, 32).ToArray(), max);
        Assert.Equal((BigInteger.One << 256) - 1, Decode(new string(max)));

        for (var i = 0; i < 100; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(32);
            var encoded = new char[43];
            SecretTokens.EncodeBase62(bytes, encoded);
            Assert.Equal(new BigInteger(bytes, isUnsigned: true, isBigEndian: true), Decode(new string(encoded)));
        }
    }

    [Fact]
    public void Base62_encoding_refuses_a_destination_too_short_for_the_number()
    {
        Assert.Throws<ArgumentException>(() => SecretTokens.EncodeBase62(Enumerable.Repeat((byte)0xFF, 32).ToArray(), new char[42]));
    }

    [Fact]
    public void Hash_is_sha256_of_the_utf8_bytes()
    {
        // printf 'tg_test' | sha256sum
        Assert.Equal("C1DC8D287249431CE1A2DD041861BD5EA00208850E9174F85D9327C49CFDEA92", Convert.ToHexString(SecretTokens.Hash("tg_test")));
    }

    [Fact]
    public void Looks_like_api_key_accepts_generated_keys()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.True(SecretTokens.LooksLikeApiKey(SecretTokens.NewApiKey()));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("tg_")]
    [InlineData("tg_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef")] // 42 digits
    [InlineData("tg_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh")] // 44 digits
    [InlineData("TG_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg")]
    [InlineData("tk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg")]
    [InlineData("tgs0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg")]
    [InlineData("tg_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcde-g")]
    [InlineData("tg_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcde g")]
    [InlineData("tg_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefé")]
    [InlineData(" tg_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl")]
    public void Looks_like_api_key_rejects_near_misses(string value)
    {
        Assert.False(SecretTokens.LooksLikeApiKey(value));
    }

    [Fact]
    public void Looks_like_api_key_checks_the_shape_not_the_origin()
    {
        Assert.True(SecretTokens.LooksLikeApiKey("tg_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"));
        Assert.True(SecretTokens.LooksLikeApiKey("Bearer tg_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg".AsSpan(7)));
    }

    [Fact]
    public void Looks_like_api_key_rejects_refresh_tokens_and_signing_secrets()
    {
        Assert.False(SecretTokens.LooksLikeApiKey(SecretTokens.NewRefreshToken()));
        Assert.False(SecretTokens.LooksLikeApiKey(SecretTokens.NewSigningSecret()));
    }

    [Fact]
    public void Prefix_is_the_first_12_characters()
    {
        var key = SecretTokens.NewApiKey();

        Assert.Equal(key[..12], SecretTokens.PrefixOf(key));
        Assert.Equal("tg_012345678", SecretTokens.PrefixOf("tg_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"));
        Assert.Throws<ArgumentException>(() => SecretTokens.PrefixOf("tg_short"));
    }

    private static string New(string prefix) => prefix switch
    {
        "tg_" => SecretTokens.NewApiKey(),
        "tgr_" => SecretTokens.NewRefreshToken(),
        _ => SecretTokens.NewSigningSecret(),
    };

    private static BigInteger Decode(string digits)
    {
        var value = BigInteger.Zero;
        foreach (var c in digits)
        {
            value = (value * 62) + Base62.IndexOf(c, StringComparison.Ordinal);
        }

        return value;
    }
}
