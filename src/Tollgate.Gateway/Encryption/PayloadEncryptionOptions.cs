namespace Tollgate.Gateway.Encryption;

/// <summary>
/// The payload key ring and the envelope size limit, bound from <c>Gateway:Encryption</c> and validated at start-up,
/// so a malformed key stops the server instead of failing requests one by one.
/// </summary>
public sealed class PayloadEncryptionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Gateway:Encryption";

    /// <summary>
    /// The keys: the first encrypts, all decrypt. To rotate, give clients the new key, put it first, and remove the old
    /// one once no client sends it. Empty (the default): payload encryption is unavailable.
    /// </summary>
    public IList<PayloadKeyOptions> Keys { get; } = new List<PayloadKeyOptions>();

    /// <summary>Largest envelope <see cref="PayloadEncryption.TryDecrypt"/> reads. 1 KiB to 256 MiB, default 1 MiB.</summary>
    public int MaxEnvelopeBytes { get; set; } = 1024 * 1024;
}
