namespace Tollgate.Gateway.Encryption;

/// <summary>One AES-256 key of the payload key ring (an entry of <c>Gateway:Encryption:Keys</c>).</summary>
public sealed class PayloadKeyOptions
{
    /// <summary>The key id, sent as <c>kid</c> in every envelope so the receiver knows which key to use: 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'.</summary>
    public string Id { get; set; } = "";

    /// <summary>Base64 of exactly 32 random bytes. A secret: keep it out of files under version control.</summary>
    public string Key { get; set; } = "";
}
