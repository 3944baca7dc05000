namespace Tollgate.Gateway.Capture;

/// <summary>How much of each exchange the gateway records.</summary>
public enum CaptureMode
{
    /// <summary>The typed columns only (method, path, status, timings, sizes, ids): no headers, no bodies. The default.</summary>
    Metadata,

    /// <summary>Metadata plus redacted headers, and JSON and text bodies up to the cap, redacted.</summary>
    Bodies,
}
