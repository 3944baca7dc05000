using System.Security.Cryptography;
using Tollgate.Identity.Passwords;

namespace Tollgate.Identity.Tests.Passwords;

public sealed class PasswordHasherTests
{
    private readonly PasswordHasher hasher = new();

    [Fact]
    public void Hash_is_pbkdf2_sha512_with_a_16_byte_salt_and_a_32_byte_hash()
    {
        var stored = hasher.Hash("correct horse battery staple");

        var parts = stored.Split('$');
        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha512", parts[0]);
        Assert.Equal("210000", parts[1]);
        var salt = Convert.FromBase64String(parts[2]);
        Assert.Equal(16, salt.Length);
        Assert.Equal(
            Rfc2898DeriveBytes.Pbkdf2("correct horse battery staple", salt, 210_000, HashAlgorithmName.SHA512, 32),
            Convert.FromBase64String(parts[3]));
    }

    [Fact]
    public void Verifies_the_right_password_and_refuses_others()
    {
        var stored = hasher.Hash("correct horse battery staple");

        Assert.Equal(PasswordVerification.Succeeded, hasher.Verify("correct horse battery staple", stored));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify("Correct horse battery staple", stored));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify("", stored));
    }

    [Fact]
    public void Salts_every_hash()
    {
        Assert.NotEqual(hasher.Hash("correct horse battery staple"), hasher.Hash("correct horse battery staple"));
    }

    [Fact]
    public void Asks_for_a_rehash_when_the_stored_cost_is_lower()
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2("correct horse battery staple", salt, 1000, HashAlgorithmName.SHA512, 32);
        var stored = $"pbkdf2-sha512$1000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";

        Assert.Equal(PasswordVerification.SucceededRehashNeeded, hasher.Verify("correct horse battery staple", stored));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify("wrong password!", stored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("pbkdf2-sha512$1000$c2FsdA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=")]
    [InlineData("pbkdf2-sha512$0$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=")]
    [InlineData("pbkdf2-sha512$-1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=")]
    [InlineData("pbkdf2-sha512$+1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=")]
    [InlineData("pbkdf2-sha512$2000000000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=")]
    [InlineData("pbkdf2-sha512$99999999999$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=")]
    [InlineData("pbkdf2-sha512$1000$not base64$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=")]
    [InlineData("pbkdf2-sha512$1000$c2FsdHNhbHRzYWx0c2FsdA==$not base64!")]
    [InlineData("pbkdf2-sha512$1000$$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=")]
    [InlineData("pbkdf2-sha512$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha512$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=$extra")]
    public void Fails_rather_than_throws_on_a_malformed_stored_hash(string stored)
    {
        Assert.Equal(PasswordVerification.Failed, hasher.Verify("correct horse battery staple", stored));
    }

    [Fact]
    public void Dummy_hash_is_well_formed_at_todays_cost_and_matches_no_password()
    {
        Assert.StartsWith($"pbkdf2-sha512${PasswordHasher.Iterations}$", PasswordHasher.DummyHash, StringComparison.Ordinal);
        Assert.Equal(PasswordVerification.Failed, hasher.Verify("", PasswordHasher.DummyHash));
        hasher.VerifyDummy("correct horse battery staple");
    }
}
