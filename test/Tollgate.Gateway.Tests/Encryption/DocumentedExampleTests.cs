using System.Text;

namespace Tollgate.Gateway.Tests.Encryption;

/// <summary>The worked example of docs/encryption.md is what the code produces, so the two cannot drift apart.</summary>
public sealed class DocumentedExampleTests
{
    private const string KeyId = "2026-11";
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string IvHex = "cafebabefacedbaddecaf888";
    private const string Plaintext = "{\"amount\":42,\"currency\":\"EUR\"}";
    private const string Envelope =
        "{\"kid\":\"2026-11\",\"iv\":\"yv66vvrO263eyviI\",\"ct\":\"8YHBS8UPIW9kMWnvVz_qSn9SpT-8YEhObJpRI5z0\",\"tag\":\"LU2itOmrkrJnJ3H22qo2tQ\"}";

    [Fact]
    public void Encrypting_the_example_gives_the_documented_envelope()
    {
        var encryption = KeyRings.Create((KeyId, Convert.FromBase64String(Key)));

        var envelope = encryption.Encrypt(Encoding.UTF8.GetBytes(Plaintext), KeyId, Convert.FromHexString(IvHex));

        Assert.Equal(Envelope, Encoding.UTF8.GetString(envelope));
    }

    [Fact]
    public void Decrypting_the_documented_envelope_gives_the_example()
    {
        var encryption = KeyRings.Create((KeyId, Convert.FromBase64String(Key)));

        Assert.True(encryption.TryDecrypt(Encoding.UTF8.GetBytes(Envelope), out var plaintext, out var error), error.ToString());
        Assert.Equal(Plaintext, Encoding.UTF8.GetString(plaintext));
    }

    [Theory]
    [InlineData(KeyId)]
    [InlineData(Key)]
    [InlineData(IvHex)]
    [InlineData(Plaintext)]
    [InlineData(Envelope)]
    public void The_documentation_shows_it(string value)
    {
        Assert.Contains(value, File.ReadAllText(DocumentPath()), StringComparison.Ordinal);
    }

    private static string DocumentPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tollgate.slnx")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.Combine(directory.FullName, "docs", "encryption.md");
    }
}
