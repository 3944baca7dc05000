namespace Tollgate.Gateway.Capture;

/// <summary>How a captured body is redacted, by its media type.</summary>
internal enum CaptureBodyKind
{
    /// <summary>Not captured: binary, multipart, or no media type.</summary>
    None,

    /// <summary><c>application/json</c>, <c>*/*+json</c>, NDJSON: fields, paths and detectors.</summary>
    Json,

    /// <summary><c>application/x-www-form-urlencoded</c>: field names, as a query, and detectors.</summary>
    Form,

    /// <summary><c>text/*</c>, XML, JavaScript, GraphQL: detectors.</summary>
    Text,
}
