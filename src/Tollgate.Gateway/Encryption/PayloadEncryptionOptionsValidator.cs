using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Encryption;

/// <summary>
/// Refuses key rings that cannot work (malformed or short keys, unusable or duplicate ids) and impossible limits,
/// naming the configuration key and never echoing a key, so a bad setting stops the start without leaking it.
/// </summary>
internal sealed class PayloadEncryptionOptionsValidator : IValidateOptions<PayloadEncryptionOptions>
{
    /// <summary>Longest key id; it travels in every envelope.</summary>
    public const int MaxKeyIdLength = 64;

    /// <summary>Smallest accepted <see cref="PayloadEncryptionOptions.MaxEnvelopeBytes"/>.</summary>
    public const int MinEnvelopeBytes = 1024;

    /// <summary>Largest accepted <see cref="PayloadEncryptionOptions.MaxEnvelopeBytes"/>.</summary>
    public const int MaxEnvelopeBytes = 256 * 1024 * 1024;

    private const string Section = PayloadEncryptionOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, PayloadEncryptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxEnvelopeBytes is < MinEnvelopeBytes or > MaxEnvelopeBytes)
        {
            failures.Add($"{Section}:MaxEnvelopeBytes must be between {MinEnvelopeBytes} and {MaxEnvelopeBytes}; it is {options.MaxEnvelopeBytes}.");
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var prefix = $"{Section}:Keys:{i}";
            if (!IsValidKeyId(key.Id))
            {
                // The value is not repeated: a key pasted into the wrong field would end up in the log.
                failures.Add($"{prefix}:Id must be 1 to {MaxKeyIdLength} of A-Z, a-z, 0-9, '.', '_' and '-'.");
            }
            else if (!ids.TryAdd(key.Id, i))
            {
                failures.Add($"{prefix}:Id is the same as {Section}:Keys:{ids[key.Id]}:Id; key ids must be unique.");
            }

            if (!IsValidKey(key.Key))
            {
                failures.Add($"{prefix}:Key must be base64 of exactly {PayloadEncryption.KeySize} bytes.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>True for 1 to <see cref="MaxKeyIdLength"/> of A-Z, a-z, 0-9, '.', '_' and '-'.</summary>
    public static bool IsValidKeyId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxKeyIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[PayloadEncryption.KeySize + 1];
        return Convert.TryFromBase64String(base64, buffer, out var written) && written == PayloadEncryption.KeySize;
    }
}
