namespace Tollgate.Gateway.Encryption;

/// <summary>
/// Why <see cref="PayloadEncryption.TryDecrypt"/> refused an envelope; each maps to one client error, and
/// <see cref="PayloadDecryptionErrorExtensions.GetMessage"/> gives the text to show the client.
/// </summary>
public enum PayloadDecryptionError
{
    /// <summary>Decrypted.</summary>
    None = 0,

    /// <summary>
    /// Not an envelope: not JSON, not an object, a member missing, unknown, repeated or not a string, a binary member
    /// not base64url without padding, or an <c>iv</c> or <c>tag</c> of the wrong length.
    /// </summary>
    MalformedEnvelope,

    /// <summary>Longer than <see cref="PayloadEncryptionOptions.MaxEnvelopeBytes"/>; nothing of it was parsed.</summary>
    EnvelopeTooLarge,

    /// <summary>Well-formed, but its <c>kid</c> names no key of the ring (never configured, or already retired).</summary>
    UnknownKey,

    /// <summary>The tag does not verify: another key under the same id, or <c>kid</c>, <c>iv</c>, <c>ct</c> or <c>tag</c> altered.</summary>
    AuthenticationFailed,
}
