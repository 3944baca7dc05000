namespace Tollgate.Gateway.Encryption;

/// <summary>Client-facing messages of <see cref="PayloadDecryptionError"/>: they say what to fix and reveal nothing about the keys.</summary>
public static class PayloadDecryptionErrorExtensions
{
    /// <summary>One sentence describing <paramref name="error"/>, fit for a problem-details <c>detail</c>.</summary>
    public static string GetMessage(this PayloadDecryptionError error) => error switch
    {
        PayloadDecryptionError.None => "The envelope was decrypted.",
        PayloadDecryptionError.MalformedEnvelope =>
            "The body is not an encrypted envelope: expected a JSON object with exactly the string members kid, iv, ct and tag, "
            + "iv (12 bytes), ct and tag (16 bytes) in base64url without padding.",
        PayloadDecryptionError.EnvelopeTooLarge => "The encrypted envelope is larger than the gateway accepts.",
        PayloadDecryptionError.UnknownKey => "The envelope's kid names no key the gateway holds; the key may have been retired.",
        PayloadDecryptionError.AuthenticationFailed =>
            "The envelope does not authenticate: it was encrypted with another key, or its kid, iv, ct or tag was altered.",
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "Unknown payload decryption error."),
    };
}
