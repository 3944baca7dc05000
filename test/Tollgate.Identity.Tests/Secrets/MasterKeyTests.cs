using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Identity.Secrets;
using Tollgate.Testing;

namespace Tollgate.Identity.Tests.Secrets;

public sealed class MasterKeyTests
{
    [Fact]
    public void Uses_the_configured_key_and_leaves_the_file_alone()
    {
        using var directory = new TempDirectory();
        var configured = RandomNumberGenerator.GetBytes(32);
        var path = directory.Combine("master.key");

        var key = MasterKey.LoadOrCreate(Convert.ToBase64String(configured), path, out var created);

        Assert.Equal(configured, key);
        Assert.False(created);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 36 bytes
    public void Refuses_a_configured_key_that_is_not_32_bytes_of_base64(string configured)
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<InvalidOperationException>(() => MasterKey.LoadOrCreate(configured, directory.Combine("master.key"), out _));

        Assert.Contains("Identity:MasterKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Creates_a_key_file_on_first_start_and_reads_it_afterwards()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("data", "nested", "master.key");

        var first = MasterKey.LoadOrCreate(null, path, out var createdFirst);
        var second = MasterKey.LoadOrCreate("", path, out var createdSecond);

        Assert.True(createdFirst);
        Assert.False(createdSecond);
        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        Assert.Equal(first, Convert.FromBase64String(File.ReadAllText(path).Trim()));
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Created_keys_differ()
    {
        using var directory = new TempDirectory();

        var first = MasterKey.LoadOrCreate(null, directory.Combine("a.key"), out _);
        var second = MasterKey.LoadOrCreate(null, directory.Combine("b.key"), out _);

        Assert.NotEqual(first, second);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Key_file_is_readable_and_writable_by_its_owner_only()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Windows has no Unix file modes.");
        using var directory = new TempDirectory();
        var path = directory.Combine("master.key");

        MasterKey.LoadOrCreate(null, path, out _);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Reads_an_existing_key_file()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("master.key");
        var existing = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, "  " + Convert.ToBase64String(existing) + "\r\n");

        var key = MasterKey.LoadOrCreate(null, path, out var created);

        Assert.Equal(existing, key);
        Assert.False(created);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")] // 16 bytes
    public void Refuses_a_malformed_key_file_naming_it(string contents)
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("master.key");
        File.WriteAllText(path, contents);

        var error = Assert.Throws<InvalidOperationException>(() => MasterKey.LoadOrCreate(null, path, out _));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(contents, File.ReadAllText(path));
    }

    [Fact]
    public void Concurrent_first_starts_agree_on_one_key()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("master.key");
        var created = 0;

        var keys = Enumerable.Range(0, 16).AsParallel().Select(_ =>
        {
            var key = MasterKey.LoadOrCreate(null, path, out var wasCreated);
            if (wasCreated)
            {
                Interlocked.Increment(ref created);
            }

            return Convert.ToBase64String(key);
        }).ToList();

        Assert.Single(keys.Distinct(StringComparer.Ordinal));
        Assert.Equal(1, created);
        Assert.Equal(keys[0], File.ReadAllText(path).Trim());
    }

    [Fact]
    public void Derived_keys_are_hkdf_sha256_of_the_purpose()
    {
        var master = RandomNumberGenerator.GetBytes(32);

        var derived = MasterKey.Derive(master, "tollgate:jwt:k1");

        Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, [], Encoding.UTF8.GetBytes("tollgate:jwt:k1")), derived);
        Assert.NotEqual(derived, MasterKey.Derive(master, "tollgate:jwt:k2"));
        Assert.Equal(derived, MasterKey.Derive(master, "tollgate:jwt:k1"));
        Assert.Equal(64, MasterKey.Derive(master, "tollgate:jwt:k1", 64).Length);
    }

    [Fact]
    public void Derived_keys_match_a_vector_computed_elsewhere()
    {
        // Python, RFC 5869 by hand (empty salt = 32 zero bytes): prk = hmac(bytes(32), bytes(range(32)), sha256);
        // okm = hmac(prk, b"tollgate:signing-secrets" + b"\x01", sha256).
        var master = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        Assert.Equal(
            "a8d9a8f42fce6123d6dde91b32a97a404673118dbb56635fa0617d0c313f600a",
            Convert.ToHexStringLower(MasterKey.Derive(master, "tollgate:signing-secrets")));
    }
}
