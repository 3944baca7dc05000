namespace Tollgate.Core.Requests;

/// <summary>
/// The longest value each field of a <see cref="RequestRecord"/> keeps. The gateway cuts captured values to these;
/// the ingest API refuses reports that exceed them, naming the field.
/// </summary>
public static class RequestLimits
{
    /// <summary>Service and route ids.</summary>
    public const int MaxNameLength = 128;

    /// <summary>The HTTP method.</summary>
    public const int MaxMethodLength = 16;

    /// <summary>Path and route template.</summary>
    public const int MaxPathLength = 2048;

    /// <summary>The query string.</summary>
    public const int MaxQueryLength = 4096;

    /// <summary>Client address.</summary>
    public const int MaxClientIpLength = 64;

    /// <summary>User agent.</summary>
    public const int MaxUserAgentLength = 512;

    /// <summary>Principal.</summary>
    public const int MaxPrincipalLength = 256;

    /// <summary>Request id (as <c>X-Request-ID</c> allows).</summary>
    public const int MaxRequestIdLength = 128;

    /// <summary>Error detail.</summary>
    public const int MaxErrorLength = 2048;

    /// <summary>Headers kept per direction.</summary>
    public const int MaxHeaders = 100;

    /// <summary>Characters kept of a header value.</summary>
    public const int MaxHeaderValueLength = 4096;

    /// <summary>UTF-8 bytes kept of a body, whatever the configured capture cap.</summary>
    public const int MaxBodyBytes = 1024 * 1024;
}
