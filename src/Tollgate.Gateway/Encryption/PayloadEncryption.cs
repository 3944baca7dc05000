using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Encryption;

/// <summary>
/// Encrypts JSON bodies into envelopes of media type <see cref="MediaType"/> and back: AES-256-GCM with a random
/// 12-byte iv, the UTF-8 key id as associated data, the first key of the ring encrypting and every key decrypting, so
/// keys rotate without downtime. The format is simple enough for any client (docs/encryption.md). Decryption never
/// throws for what a client sends: it says why it refused. Keys never appear in messages. Thread-safe.
/// </summary>
public sealed class PayloadEncryption
{
    /// <summary>The media type of an envelope.</summary>
    public const string MediaType = "application/vnd.tollgate.encrypted+json";

    /// <summary>Bytes of a key (AES-256).</summary>
    public const int KeySize = 32;

    /// <summary>Bytes of the GCM nonce, member <c>iv</c>.</summary>
    public const int IvSize = 12;

    /// <summary>Bytes of the GCM authentication tag, member <c>tag</c>.</summary>
    public const int TagSize = 16;

    /// <summary>Largest plaintext <see cref="Encrypt(ReadOnlySpan{byte})"/> takes: its envelope must fit in one array.</summary>
    public const int MaxPlaintextBytes = 1 << 30;

    private const string NoKeysMessage = "No payload encryption keys are configured: set " + PayloadEncryptionOptions.SectionName + ":Keys.";

    // {"kid":"…","iv":"…","ct":"…","tag":"…"}: the fixed parts, in the order they are written.
    private static ReadOnlySpan<byte> KidStart => "{\"kid\":\""u8;
    private static ReadOnlySpan<byte> IvStart => "\",\"iv\":\""u8;
    private static ReadOnlySpan<byte> CtStart => "\",\"ct\":\""u8;
    private static ReadOnlySpan<byte> TagStart => "\",\"tag\":\""u8;
    private static ReadOnlySpan<byte> End => "\"}"u8;

    private readonly PayloadKey[] keys;
    private readonly int maxEnvelopeBytes;

    /// <summary>Decodes the key ring of <paramref name="options"/>.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid (the same checks as at start-up).</exception>
    public PayloadEncryption(IOptions<PayloadEncryptionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        var validation = new PayloadEncryptionOptionsValidator().Validate(Options.DefaultName, value);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PayloadEncryptionOptions), validation.Failures);
        }

        keys = [.. value.Keys.Select(key => new PayloadKey(key.Id, Convert.FromBase64String(key.Key)))];
        KeyIds = Array.AsReadOnly(keys.Select(key => key.Id).ToArray());
        maxEnvelopeBytes = value.MaxEnvelopeBytes;
    }

    /// <summary>The ids of the ring, the encrypting key first; empty when payload encryption is not configured.</summary>
    public IReadOnlyList<string> KeyIds { get; }

    /// <summary>Encrypts <paramref name="plaintext"/> (a JSON body) with the first key into envelope JSON (UTF-8).</summary>
    /// <exception cref="InvalidOperationException">No keys are configured.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="plaintext"/> is longer than <see cref="MaxPlaintextBytes"/>.</exception>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext)
    {
        if (keys.Length == 0)
        {
            throw new InvalidOperationException(NoKeysMessage);
        }

        Span<byte> iv = stackalloc byte[IvSize];
        RandomNumberGenerator.Fill(iv);
        return Seal(plaintext, keys[0], iv);
    }

    /// <summary>Encrypts with the key <paramref name="keyId"/> rather than the first, as a client still holding an older key would.</summary>
    /// <exception cref="ArgumentException">No key of the ring has the id <paramref name="keyId"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="plaintext"/> is longer than <see cref="MaxPlaintextBytes"/>.</exception>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string keyId)
    {
        Span<byte> iv = stackalloc byte[IvSize];
        RandomNumberGenerator.Fill(iv);
        return Encrypt(plaintext, keyId, iv);
    }

    /// <summary>
    /// Decrypts envelope JSON. False, with the reason in <paramref name="error"/>, for anything but an authentic
    /// envelope under a key of the ring: nothing of the plaintext is returned then.
    /// </summary>
    public bool TryDecrypt(ReadOnlySpan<byte> envelopeJson, [MaybeNullWhen(false)] out byte[] plaintext, out PayloadDecryptionError error)
    {
        plaintext = null;
        if (envelopeJson.Length > maxEnvelopeBytes)
        {
            error = PayloadDecryptionError.EnvelopeTooLarge;
            return false;
        }

        Span<byte> iv = stackalloc byte[IvSize];
        Span<byte> tag = stackalloc byte[TagSize];
        if (!PayloadEnvelopeReader.TryRead(envelopeJson, keys, iv, tag, out var key, out var data))
        {
            error = PayloadDecryptionError.MalformedEnvelope;
            return false;
        }

        if (key is null)
        {
            error = PayloadDecryptionError.UnknownKey;
            return false;
        }

        var cipher = key.RentCipher();
        try
        {
            cipher.Decrypt(iv, data, tag, data, key.IdUtf8);
        }
        catch (AuthenticationTagMismatchException)
        {
            // AesGcm has already zeroed the buffer.
            error = PayloadDecryptionError.AuthenticationFailed;
            return false;
        }
        finally
        {
            key.ReturnCipher(cipher);
        }

        plaintext = data;
        error = PayloadDecryptionError.None;
        return true;
    }

    /// <summary>Encrypts with a given iv: for the pinned example of docs/encryption.md. Never reuse an iv with a key.</summary>
    internal byte[] Encrypt(ReadOnlySpan<byte> plaintext, string keyId, ReadOnlySpan<byte> iv)
    {
        var key = Array.Find(keys, candidate => candidate.Id == keyId)
            ?? throw new ArgumentException($"No key of {PayloadEncryptionOptions.SectionName}:Keys has the id '{keyId}'.", nameof(keyId));
        return Seal(plaintext, key, iv);
    }

    /// <summary>Writes the envelope into one array of its exact length.</summary>
    private static byte[] Seal(ReadOnlySpan<byte> plaintext, PayloadKey key, ReadOnlySpan<byte> iv)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(plaintext.Length, MaxPlaintextBytes);
        var ctLength = Base64Url.GetEncodedLength(plaintext.Length);
        var envelope = new byte[KidStart.Length + key.IdUtf8.Length + IvStart.Length + Base64Url.GetEncodedLength(IvSize)
            + CtStart.Length + ctLength + TagStart.Length + Base64Url.GetEncodedLength(TagSize) + End.Length];
        Span<byte> tag = stackalloc byte[TagSize];
        var ciphertext = ArrayPool<byte>.Shared.Rent(plaintext.Length);
        var cipher = key.RentCipher();
        try
        {
            cipher.Encrypt(iv, plaintext, ciphertext.AsSpan(0, plaintext.Length), tag, key.IdUtf8);
            var span = envelope.AsSpan();
            var at = Append(span, 0, KidStart);
            at = Append(span, at, key.IdUtf8);
            at = Append(span, at, IvStart);
            at += Base64Url.EncodeToUtf8(iv, span[at..]);
            at = Append(span, at, CtStart);
            at += Base64Url.EncodeToUtf8(ciphertext.AsSpan(0, plaintext.Length), span[at..]);
            at = Append(span, at, TagStart);
            at += Base64Url.EncodeToUtf8(tag, span[at..]);
            Append(span, at, End);
        }
        finally
        {
            key.ReturnCipher(cipher);
            ArrayPool<byte>.Shared.Return(ciphertext);
        }

        return envelope;
    }

    private static int Append(Span<byte> destination, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[at..]);
        return at + bytes.Length;
    }
}
