namespace Tollgate.Core.Identity;

/// <summary>Whether an API key signs its requests with HMAC (see docs/security.md).</summary>
public enum ApiKeySigning
{
    /// <summary>The key is sent as a bearer secret; it has no signing secret.</summary>
    None,

    /// <summary>The key may be sent as a bearer secret or used to sign requests.</summary>
    Optional,

    /// <summary>Every request must be signed; the key sent as a bearer secret is refused.</summary>
    Required,
}
