using System.Security.Cryptography;
using System.Text;
using Tollgate.Gateway.Encryption;

namespace Tollgate.Gateway.Tests.Encryption;

public sealed class PayloadEncryptionTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"amount\":42,\"note\":\"café €\"}");

    [Fact]
    public void Round_trips_a_body()
    {
        var encryption = KeyRings.Create(("k1", KeyRings.NewKey()));

        var envelope = encryption.Encrypt(Body);

        Assert.True(encryption.TryDecrypt(envelope, out var plaintext, out var error));
        Assert.Equal(PayloadDecryptionError.None, error);
        Assert.Equal(Body, plaintext);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(1024)]
    [InlineData(100_000)]
    public void Round_trips_every_length_including_empty(int length)
    {
        var encryption = KeyRings.Create(("k1", KeyRings.NewKey()));
        var body = RandomNumberGenerator.GetBytes(length);

        Assert.True(encryption.TryDecrypt(encryption.Encrypt(body), out var plaintext, out _));
        Assert.Equal(body, plaintext);
    }

    [Fact]
    public void Envelope_is_exactly_kid_iv_ct_tag_as_base64url_without_padding()
    {
        var encryption = KeyRings.Create(("2026-11", KeyRings.NewKey()));

        var envelope = encryption.Encrypt(Body);

        var json = Envelopes.Parse(envelope);
        Assert.Equal(["kid", "iv", "ct", "tag"], json.Select(member => member.Key));
        Assert.Equal("2026-11", Envelopes.Member(envelope, "kid"));
        Assert.Equal(PayloadEncryption.IvSize, Envelopes.Decode(envelope, "iv").Length);
        Assert.Equal(PayloadEncryption.TagSize, Envelopes.Decode(envelope, "tag").Length);
        Assert.Equal(Body.Length, Envelopes.Decode(envelope, "ct").Length);
        Assert.DoesNotContain((byte)'=', envelope);
    }

    [Fact]
    public void Is_aes_256_gcm_with_the_utf8_kid_as_associated_data()
    {
        var key = KeyRings.NewKey();
        var envelope = KeyRings.Create(("k1", key)).Encrypt(Body);
        var ciphertext = Envelopes.Decode(envelope, "ct");
        var plaintext = new byte[ciphertext.Length];

        using var aes = new AesGcm(key, PayloadEncryption.TagSize);
        aes.Decrypt(Envelopes.Decode(envelope, "iv"), ciphertext, Envelopes.Decode(envelope, "tag"), plaintext, "k1"u8);

        Assert.Equal(Body, plaintext);
    }

    [Fact]
    public void Each_encryption_uses_a_fresh_iv()
    {
        var encryption = KeyRings.Create(("k1", KeyRings.NewKey()));

        var ivs = Enumerable.Range(0, 100).Select(_ => Envelopes.Member(encryption.Encrypt(Body), "iv")).ToHashSet();

        Assert.Equal(100, ivs.Count);
    }

    [Fact]
    public void Wrong_key_under_the_same_id_fails_authentication()
    {
        var envelope = KeyRings.Create(("k1", KeyRings.NewKey())).Encrypt(Body);

        Assert.False(KeyRings.Create(("k1", KeyRings.NewKey())).TryDecrypt(envelope, out var plaintext, out var error));
        Assert.Equal(PayloadDecryptionError.AuthenticationFailed, error);
        Assert.Null(plaintext);
    }

    [Theory]
    [InlineData("ct", 0)]
    [InlineData("ct", 5)]
    [InlineData("tag", 0)]
    [InlineData("tag", 15)]
    [InlineData("iv", 0)]
    [InlineData("iv", 11)]
    public void Any_altered_bit_fails_authentication(string member, int byteIndex)
    {
        var encryption = KeyRings.Create(("k1", KeyRings.NewKey()));
        var tampered = Envelopes.WithFlippedBit(encryption.Encrypt(Body), member, byteIndex);

        Assert.False(encryption.TryDecrypt(tampered, out _, out var error));
        Assert.Equal(PayloadDecryptionError.AuthenticationFailed, error);
    }

    [Fact]
    public void Failed_decryptions_leave_the_ring_working()
    {
        var encryption = KeyRings.Create(("k1", KeyRings.NewKey()));
        var envelope = encryption.Encrypt(Body);
        var tampered = Envelopes.WithFlippedBit(envelope, "tag");

        for (var i = 0; i < 10; i++)
        {
            Assert.False(encryption.TryDecrypt(tampered, out _, out _));
            Assert.True(encryption.TryDecrypt(envelope, out var plaintext, out _));
            Assert.Equal(Body, plaintext);
        }
    }

    [Fact]
    public void Kid_is_bound_so_relabelling_an_envelope_fails_even_under_the_same_key_bytes()
    {
        var key = KeyRings.NewKey();
        var encryption = KeyRings.Create(("a", key), ("b", key));
        var relabelled = Envelopes.With(encryption.Encrypt(Body), "kid", "b");

        Assert.False(encryption.TryDecrypt(relabelled, out _, out var error));
        Assert.Equal(PayloadDecryptionError.AuthenticationFailed, error);
    }

    [Fact]
    public void Unknown_kid_is_reported_as_such()
    {
        var encryption = KeyRings.Create(("k1", KeyRings.NewKey()));
        var envelope = Envelopes.With(encryption.Encrypt(Body), "kid", "k2");

        Assert.False(encryption.TryDecrypt(envelope, out _, out var error));
        Assert.Equal(PayloadDecryptionError.UnknownKey, error);
    }

    [Fact]
    public void Rotation_new_key_first_encrypts_while_every_listed_key_decrypts()
    {
        var oldKey = KeyRings.NewKey();
        var newKey = KeyRings.NewKey();
        var before = KeyRings.Create(("2026-05", oldKey));
        var during = KeyRings.Create(("2026-11", newKey), ("2026-05", oldKey));
        var after = KeyRings.Create(("2026-11", newKey));
        var fromOldClient = before.Encrypt(Body);

        var fromGateway = during.Encrypt(Body);

        Assert.Equal(["2026-11", "2026-05"], during.KeyIds);
        Assert.Equal("2026-11", Envelopes.Member(fromGateway, "kid"));
        Assert.True(during.TryDecrypt(fromOldClient, out var fromOld, out _));
        Assert.Equal(Body, fromOld);
        Assert.True(after.TryDecrypt(fromGateway, out var fromNew, out _));
        Assert.Equal(Body, fromNew);
        Assert.False(after.TryDecrypt(fromOldClient, out _, out var error));
        Assert.Equal(PayloadDecryptionError.UnknownKey, error);
    }

    [Fact]
    public void Encrypt_with_a_named_key_uses_it()
    {
        var encryption = KeyRings.Create(("new", KeyRings.NewKey()), ("old", KeyRings.NewKey()));

        var envelope = encryption.Encrypt(Body, "old");

        Assert.Equal("old", Envelopes.Member(envelope, "kid"));
        Assert.True(encryption.TryDecrypt(envelope, out var plaintext, out _));
        Assert.Equal(Body, plaintext);
        Assert.Throws<ArgumentException>(() => encryption.Encrypt(Body, "missing"));
    }

    [Fact]
    public void Empty_ring_cannot_encrypt_and_says_what_to_configure()
    {
        var encryption = KeyRings.Create();
        var envelope = KeyRings.Create(("k1", KeyRings.NewKey())).Encrypt(Body);

        var exception = Assert.Throws<InvalidOperationException>(() => encryption.Encrypt(Body));

        Assert.Empty(encryption.KeyIds);
        Assert.Contains("Gateway:Encryption:Keys", exception.Message, StringComparison.Ordinal);
        Assert.False(encryption.TryDecrypt(envelope, out _, out var error));
        Assert.Equal(PayloadDecryptionError.UnknownKey, error);
    }

    [Fact]
    public void Envelope_over_the_limit_is_refused_before_parsing_and_one_at_the_limit_is_read()
    {
        var encryption = KeyRings.Create(maxEnvelopeBytes: 1024, ("k1", KeyRings.NewKey()));
        var envelope = encryption.Encrypt("{}"u8);
        var atLimit = envelope.Concat(Enumerable.Repeat((byte)' ', 1024 - envelope.Length)).ToArray();

        Assert.True(encryption.TryDecrypt(atLimit, out _, out _));
        Assert.False(encryption.TryDecrypt([.. atLimit, (byte)' '], out _, out var error));
        Assert.Equal(PayloadDecryptionError.EnvelopeTooLarge, error);
    }

    [Fact]
    public void Accepts_members_in_any_order_with_whitespace_and_json_escapes()
    {
        var encryption = KeyRings.Create(("k1", KeyRings.NewKey()));
        var envelope = encryption.Encrypt(Body);
        var iv = Envelopes.Member(envelope, "iv");
        var ct = Envelopes.Member(envelope, "ct");
        var json = $$"""
            { "tag" : "{{Envelopes.Member(envelope, "tag")}}",
              "\u0063t": "\u{{((int)ct[0]).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)}}{{ct[1..]}}",
              "iv": "{{iv}}", "kid": "k\u0031" }
            """;

        Assert.True(encryption.TryDecrypt(Encoding.UTF8.GetBytes(json), out var plaintext, out var error), error.ToString());
        Assert.Equal(Body, plaintext);
    }

    [Fact]
    public void Is_safe_to_use_from_many_threads()
    {
        var encryption = KeyRings.Create(("k1", KeyRings.NewKey()), ("k0", KeyRings.NewKey()));
        var failures = 0;

        Parallel.For(0, 2000, i =>
        {
            var body = Encoding.UTF8.GetBytes($"{{\"i\":{i}}}");
            var envelope = i % 2 == 0 ? encryption.Encrypt(body) : encryption.Encrypt(body, "k0");
            if (!encryption.TryDecrypt(envelope, out var plaintext, out _) || !plaintext.AsSpan().SequenceEqual(body))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Every_error_has_a_message()
    {
        foreach (var error in Enum.GetValues<PayloadDecryptionError>())
        {
            Assert.False(string.IsNullOrWhiteSpace(error.GetMessage()));
        }

        Assert.Contains("base64url", PayloadDecryptionError.MalformedEnvelope.GetMessage(), StringComparison.Ordinal);
    }
}
