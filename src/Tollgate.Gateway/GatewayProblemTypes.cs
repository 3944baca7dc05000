namespace Tollgate.Gateway;

/// <summary>The stable problem <c>type</c> URIs the gateway answers with; clients branch on these, never on the text.</summary>
public static class GatewayProblemTypes
{
    private const string Prefix = "urn:tollgate:problem:";

    /// <summary>400: the request body breaks the route's JSON Schema; <c>errors</c> lists every violation with its JSON pointer.</summary>
    public const string SchemaValidationFailed = Prefix + "schema-validation-failed";

    /// <summary>400: the route expects an encrypted envelope and the body is not a well-formed one.</summary>
    public const string MalformedEnvelope = Prefix + "malformed-envelope";

    /// <summary>400: the envelope's <c>kid</c> names no key the gateway holds.</summary>
    public const string UnknownEncryptionKey = Prefix + "unknown-encryption-key";

    /// <summary>400: the envelope does not authenticate (wrong key, altered iv, ct, tag or kid).</summary>
    public const string DecryptionFailed = Prefix + "decryption-failed";

    /// <summary>413: the body is larger than the gateway reads for validation or decryption.</summary>
    public const string PayloadTooLarge = Prefix + "payload-too-large";

    /// <summary>415: the route expects a JSON body (or an encrypted envelope) and got another media type.</summary>
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";

    /// <summary>502: the upstream could not be reached or broke the exchange.</summary>
    public const string UpstreamUnavailable = Prefix + "upstream-unavailable";

    /// <summary>504: the upstream did not answer in time.</summary>
    public const string UpstreamTimeout = Prefix + "upstream-timeout";

    /// <summary>502: the upstream's response could not be encrypted for the client (too large, or not readable).</summary>
    public const string ResponseEncryptionFailed = Prefix + "response-encryption-failed";
}
