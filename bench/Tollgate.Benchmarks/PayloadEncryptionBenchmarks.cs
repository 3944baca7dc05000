using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Tollgate.Gateway.Encryption;

namespace Tollgate.Benchmarks;

/// <summary>
/// What payload encryption costs the gateway per request with a 1 KB JSON body (budget in DESIGN.md: decrypt plus
/// encrypt ≤ 20 µs): the request envelope parsed and decrypted, the response encrypted into an envelope, and both.
/// Two keys in the ring, the envelope under the second, so key lookup is not the trivial first-entry case.
/// </summary>
[MemoryDiagnoser]
public class PayloadEncryptionBenchmarks
{
    private PayloadEncryption encryption = null!;
    private byte[] body = [];
    private byte[] envelope = [];

    [GlobalSetup]
    public void Setup()
    {
        var options = new PayloadEncryptionOptions();
        options.Keys.Add(new PayloadKeyOptions { Id = "2026-11", Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        options.Keys.Add(new PayloadKeyOptions { Id = "2026-05", Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        encryption = new PayloadEncryption(Options.Create(options));
        body = Encoding.UTF8.GetBytes("{\"payload\":\"" + new string('x', 1010) + "\"}");
        envelope = encryption.Encrypt(body, "2026-05");
        if (body.Length != 1024 || !Decrypt().AsSpan().SequenceEqual(body) || !encryption.TryDecrypt(Encrypt(), out _, out _))
        {
            throw new InvalidOperationException("The benchmark body does not round-trip.");
        }
    }

    /// <summary>A request body: parse the envelope, look up the key, base64url-decode, AES-256-GCM decrypt and verify.</summary>
    [Benchmark]
    public byte[] Decrypt() =>
        encryption.TryDecrypt(envelope, out var plaintext, out var error) ? plaintext : throw new InvalidOperationException(error.GetMessage());

    /// <summary>A response body: random iv, AES-256-GCM encrypt, the envelope written in one array.</summary>
    [Benchmark]
    public byte[] Encrypt() => encryption.Encrypt(body);

    /// <summary>One request and its response on an <c>encryption: both</c> route: the budgeted figure.</summary>
    [Benchmark]
    public byte[] DecryptThenEncrypt() => encryption.Encrypt(Decrypt());
}
