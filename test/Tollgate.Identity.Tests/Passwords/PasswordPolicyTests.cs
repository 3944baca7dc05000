using Tollgate.Identity.Passwords;

namespace Tollgate.Identity.Tests.Passwords;

public sealed class PasswordPolicyTests
{
    private readonly PasswordPolicy policy = new();

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("Tr0ub4dor&3xyz")]
    [InlineData("ünïcødé pässwörd")]
    public void Accepts_a_long_uncommon_password(string password)
    {
        Assert.Null(policy.Check(password, "alice@example.com"));
        Assert.Null(policy.Check(password, null));
    }

    [Fact]
    public void Refuses_fewer_than_12_characters()
    {
        Assert.Contains("at least 12 characters", policy.Check("k9#Lm2$pQ7!", null), StringComparison.Ordinal);
        Assert.Null(policy.Check("k9#Lm2$pQ7!x", null));
    }

    [Fact]
    public void Refuses_more_than_1024_characters()
    {
        var password = string.Concat(Enumerable.Repeat("abcdefghij", 103));

        Assert.Contains("1024", policy.Check(password[..1025], null), StringComparison.Ordinal);
        Assert.Null(policy.Check(password[..1024], null));
    }

    [Theory]
    [InlineData("qazwsxedcrfv")]
    [InlineData("1q2w3e4r5t6y")]
    [InlineData("QWERTY123456")]
    [InlineData("Administrator")]
    [InlineData("LeaveMeAlone")]
    public void Refuses_common_passwords_whatever_their_case(string password)
    {
        Assert.Contains("common", policy.Check(password, null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice.liddell@example.com", "alice.liddell@example.com")]
    [InlineData("Alice.Liddell@Example.com", "alice.liddell@example.com")]
    [InlineData("alice.liddell", "alice.liddell@example.com")]
    [InlineData("ALICE.LIDDELL", " alice.liddell@example.com ")]
    public void Refuses_the_email_or_its_local_part(string password, string email)
    {
        Assert.Contains("email", policy.Check(password, email), StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_a_password_that_merely_contains_the_email()
    {
        Assert.Null(policy.Check("alice.liddell is in wonderland", "alice.liddell@example.com"));
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaa")]
    [InlineData("abababababababab")]
    [InlineData("abcdabcdabcdabcd")]
    public void Refuses_fewer_than_5_distinct_characters(string password)
    {
        Assert.Contains("different characters", policy.Check(password, null), StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_exactly_5_distinct_characters()
    {
        Assert.Null(policy.Check("abcdeabcdeabcdex"[..15], null));
    }
}
