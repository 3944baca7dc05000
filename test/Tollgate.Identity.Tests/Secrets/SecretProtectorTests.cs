using System.Security.Cryptography;
using System.Text;
using Tollgate.Identity.Secrets;

namespace Tollgate.Identity.Tests.Secrets;

public sealed class SecretProtectorTests
{
    private static readonly byte[] Master = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("tgs_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg");

    [Fact]
    public void Round_trips_a_secret_for_the_same_id()
    {
        var protector = new SecretProtector(Master);
        var id = Guid.NewGuid();

        var blob = protector.Protect(Secret, id);

        Assert.Equal(Secret, protector.Unprotect(blob, id));
        Assert.Equal(Secret, new SecretProtector(Master).Unprotect(blob, id));
    }

    [Fact]
    public void Blob_is_version_nonce_tag_and_ciphertext()
    {
        var blob = new SecretProtector(Master).Protect(Secret, Guid.NewGuid());

        Assert.Equal(1 + 12 + 16 + Secret.Length, blob.Length);
        Assert.Equal(1, blob[0]);
        Assert.False(blob.AsSpan().IndexOf(Secret.AsSpan(0, 8)) >= 0);
    }

    [Fact]
    public void Is_aes_256_gcm_under_the_signing_secrets_subkey_with_the_id_as_associated_data()
    {
        var id = Guid.NewGuid();
        var blob = new SecretProtector(Master).Protect(Secret, id);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Master, 32, [], Encoding.UTF8.GetBytes("tollgate:signing-secrets"));
        var plaintext = new byte[blob.Length - 29];

        using var aes = new AesGcm(key, 16);
        aes.Decrypt(blob.AsSpan(1, 12), blob.AsSpan(29), blob.AsSpan(13, 16), plaintext, id.ToByteArray());

        Assert.Equal(Secret, plaintext);
    }

    [Fact]
    public void Encrypting_twice_gives_different_blobs()
    {
        var protector = new SecretProtector(Master);
        var id = Guid.NewGuid();

        Assert.NotEqual(protector.Protect(Secret, id), protector.Protect(Secret, id));
    }

    [Fact]
    public void Refuses_a_blob_of_another_id()
    {
        var protector = new SecretProtector(Master);
        var blob = protector.Protect(Secret, Guid.NewGuid());

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(blob, Guid.NewGuid()));
    }

    [Fact]
    public void Refuses_a_blob_under_another_master_key()
    {
        var id = Guid.NewGuid();
        var blob = new SecretProtector(Master).Protect(Secret, id);

        Assert.ThrowsAny<CryptographicException>(() => new SecretProtector(RandomNumberGenerator.GetBytes(32)).Unprotect(blob, id));
    }

    [Fact]
    public void Refuses_any_altered_byte()
    {
        var protector = new SecretProtector(Master);
        var id = Guid.NewGuid();
        var blob = protector.Protect(Secret, id);

        for (var i = 0; i < blob.Length; i++)
        {
            var altered = blob.ToArray();
            altered[i] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(altered, id));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(28)]
    public void Refuses_a_truncated_blob(int length)
    {
        var protector = new SecretProtector(Master);
        var id = Guid.NewGuid();
        var blob = protector.Protect(Secret, id);

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(blob.AsSpan(0, length), id));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(blob.AsSpan(0, blob.Length - 1), id));
    }

    [Fact]
    public void Round_trips_an_empty_secret()
    {
        var protector = new SecretProtector(Master);
        var id = Guid.NewGuid();

        Assert.Empty(protector.Unprotect(protector.Protect([], id), id));
    }

    [Fact]
    public void Is_safe_to_share_between_threads()
    {
        var protector = new SecretProtector(Master);

        Parallel.For(0, 2000, _ =>
        {
            var id = Guid.NewGuid();
            var secret = RandomNumberGenerator.GetBytes(47);
            Assert.Equal(secret, protector.Unprotect(protector.Protect(secret, id), id));
        });
    }
}
