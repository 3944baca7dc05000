using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Commands;

/// <summary>
/// <c>Tollgate.Server encrypt</c> and <c>decrypt</c> as an operator runs them: the server's own binary, the key ring
/// in environment variables, the body on standard input.
/// </summary>
public sealed class EncryptCommandTests
{
    private static readonly string[] GatewaySettings = ["Gateway__"];
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string OldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Encrypt_then_decrypt_gives_back_the_exact_body()
    {
        var ring = Ring(("2026-11", NewKey), ("2026-05", OldKey));
        const string body = "{\"amount\":42,\"note\":\"café €\"}\n";

        var encrypted = await RunAsync(ring, body, "encrypt");
        var decrypted = await RunAsync(ring, encrypted.Output, "decrypt");

        Assert.Equal(0, encrypted.ExitCode);
        using var envelope = JsonDocument.Parse(encrypted.Output);
        Assert.Equal("2026-11", envelope.RootElement.GetProperty("kid").GetString());
        Assert.Equal((0, body, ""), decrypted);
    }

    [Fact]
    public async Task Key_id_picks_an_older_key_which_a_ring_without_it_refuses()
    {
        var encrypted = await RunAsync(Ring(("2026-11", NewKey), ("2026-05", OldKey)), "{}", "encrypt", "--key-id", "2026-05");

        var refused = await RunAsync(Ring(("2026-11", NewKey)), encrypted.Output, "decrypt");

        Assert.Equal(0, encrypted.ExitCode);
        Assert.Contains("\"kid\":\"2026-05\"", encrypted.Output, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("", refused.Output);
        Assert.Contains("kid names no key", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypts_the_documented_example()
    {
        var ring = Ring(("2026-11", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
        const string envelope =
            "{\"kid\":\"2026-11\",\"iv\":\"yv66vvrO263eyviI\",\"ct\":\"8YHBS8UPIW9kMWnvVz_qSn9SpT-8YEhObJpRI5z0\",\"tag\":\"LU2itOmrkrJnJ3H22qo2tQ\"}";

        Assert.Equal((0, "{\"amount\":42,\"currency\":\"EUR\"}", ""), await RunAsync(ring, envelope, "decrypt"));
    }

    [Fact]
    public async Task Tampered_envelope_is_refused_with_exit_code_1()
    {
        var ring = Ring(("k1", NewKey));
        var envelope = (await RunAsync(ring, "{\"a\":1}", "encrypt")).Output;
        using var json = JsonDocument.Parse(envelope);
        var tag = json.RootElement.GetProperty("tag").GetString()!;
        var tampered = envelope.Replace(tag, (tag[0] == 'A' ? "B" : "A") + tag[1..], StringComparison.Ordinal);

        var (exitCode, output, error) = await RunAsync(ring, tampered, "decrypt");

        Assert.Equal((1, ""), (exitCode, output));
        Assert.Contains("does not authenticate", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("encrypt")]
    [InlineData("decrypt")]
    public async Task Without_keys_says_what_to_configure(string command)
    {
        var (exitCode, output, error) = await RunAsync(Ring(), "{}", command);

        Assert.Equal((1, ""), (exitCode, output));
        Assert.StartsWith("No keys configured: set Gateway:Encryption:Keys", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_ring_is_refused_naming_the_setting_but_not_the_key()
    {
        var shortKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

        var (exitCode, output, error) = await RunAsync(Ring(("k1", NewKey), ("k2", shortKey)), "{}", "encrypt");

        Assert.Equal((1, ""), (exitCode, output));
        Assert.Contains("Gateway:Encryption:Keys:1:Key must be base64 of exactly 32 bytes.", error, StringComparison.Ordinal);
        Assert.DoesNotContain(shortKey, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_key_prints_32_random_bytes_in_base64()
    {
        var first = await RunAsync(Ring(), standardInput: null, "encrypt", "--generate-key");
        var second = await RunAsync(Ring(), standardInput: null, "encrypt", "--generate-key");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(32, Convert.FromBase64String(first.Output.Trim()).Length);
        Assert.NotEqual(first.Output, second.Output);
    }

    private static Dictionary<string, string> Ring(params (string Id, string Key)[] keys)
    {
        var environment = new Dictionary<string, string>();
        for (var i = 0; i < keys.Length; i++)
        {
            environment[$"Gateway__Encryption__Keys__{i}__Id"] = keys[i].Id;
            environment[$"Gateway__Encryption__Keys__{i}__Key"] = keys[i].Key;
        }

        return environment;
    }

    /// <summary>Runs <c>dotnet Tollgate.Server.dll &lt;arguments&gt;</c> with exactly the given key ring and input.</summary>
    private static Task<(int ExitCode, string Output, string Error)> RunAsync(
        Dictionary<string, string> environment, string? standardInput, params string[] arguments) =>
        ServerCommand.RunAsync(environment, GatewaySettings, standardInput, arguments);
}
