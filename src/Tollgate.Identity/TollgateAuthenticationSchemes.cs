namespace Tollgate.Identity;

/// <summary>
/// Names of Tollgate's authentication schemes. <see cref="Default"/> looks at the request and forwards to the one
/// that fits the credentials sent, so endpoints never name a scheme.
/// </summary>
public static class TollgateAuthenticationSchemes
{
    /// <summary>The selecting scheme every endpoint uses.</summary>
    public const string Default = "Tollgate";

    /// <summary>API keys, sent as bearer secrets or used to sign requests.</summary>
    public const string ApiKey = "Tollgate.ApiKey";
}
