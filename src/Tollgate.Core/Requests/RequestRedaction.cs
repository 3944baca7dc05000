namespace Tollgate.Core.Requests;

/// <summary>What redacted values are replaced with, the same everywhere a value is redacted.</summary>
public static class RequestRedaction
{
    /// <summary>The replacement of a redacted header value, JSON value, query value or detected secret.</summary>
    public const string Mask = "[REDACTED]";
}
