namespace Tollgate.Gateway.Encryption;

/// <summary>Which directions of a route carry encrypted envelopes.</summary>
public enum PayloadEncryptionMode
{
    /// <summary>Bodies pass as they are.</summary>
    None = 0,

    /// <summary>Request bodies arrive as envelopes and go upstream as plain JSON.</summary>
    Request = 1,

    /// <summary>Responses from upstream leave as envelopes.</summary>
    Response = 2,

    /// <summary>Both directions.</summary>
    Both = Request | Response,
}
