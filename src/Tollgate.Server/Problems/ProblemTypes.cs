namespace Tollgate.Server.Problems;

/// <summary>
/// The stable <c>type</c> URIs of Tollgate's RFC 9457 problem details, one per kind of error, so clients branch on
/// the kind rather than on the wording of <c>detail</c>.
/// </summary>
public static class ProblemTypes
{
    /// <summary>The prefix every problem type shares.</summary>
    public const string Prefix = "urn:tollgate:problem:";

    /// <summary>413: the request body exceeds the configured limit.</summary>
    public const string BodyTooLarge = Prefix + "body-too-large";

    /// <summary>400: the body is not well-formed JSON (syntax error, duplicate member, empty body).</summary>
    public const string InvalidJson = Prefix + "invalid-json";

    /// <summary>400: the body nests arrays and objects deeper than the configured limit.</summary>
    public const string JsonTooDeep = Prefix + "json-too-deep";

    /// <summary>400: the body is not valid UTF-8.</summary>
    public const string InvalidUtf8 = Prefix + "invalid-utf8";

    /// <summary>400: the JSON is well-formed but one or more events are invalid; <c>errors</c> lists each field.</summary>
    public const string ValidationFailed = Prefix + "validation-failed";

    /// <summary>400: a bulk call carries more events than allowed.</summary>
    public const string TooManyEvents = Prefix + "too-many-events";

    /// <summary>400: a query parameter is missing, malformed or out of range; <c>errors</c> names each one.</summary>
    public const string InvalidQueryParameter = Prefix + "invalid-query-parameter";

    /// <summary>400: the <c>Idempotency-Key</c> header is not 1 to 255 printable ASCII characters.</summary>
    public const string InvalidIdempotencyKey = Prefix + "invalid-idempotency-key";

    /// <summary>400: the request is malformed at the HTTP level.</summary>
    public const string BadRequest = Prefix + "bad-request";

    /// <summary>415: the body is not sent as JSON.</summary>
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";

    /// <summary>404: no such route or resource.</summary>
    public const string NotFound = Prefix + "not-found";

    /// <summary>405: the route exists but not for this method.</summary>
    public const string MethodNotAllowed = Prefix + "method-not-allowed";

    /// <summary>409: an idempotency key or client-supplied event id was already used for different content.</summary>
    public const string IdempotencyConflict = Prefix + "idempotency-conflict";

    /// <summary>408: the client sent the request too slowly.</summary>
    public const string RequestTimeout = Prefix + "request-timeout";

    /// <summary>503: the store could not take the write (disk full, I/O error, shutting down); nothing was stored, retry later.</summary>
    public const string StoreUnavailable = Prefix + "store-unavailable";

    /// <summary>500: a fault on the server's side; the log has the details.</summary>
    public const string Internal = Prefix + "internal";

    /// <summary>The type for an HTTP status that has no more specific kind.</summary>
    public static string ForStatus(int statusCode) => statusCode switch
    {
        400 => BadRequest,
        404 => NotFound,
        405 => MethodNotAllowed,
        408 => RequestTimeout,
        409 => IdempotencyConflict,
        413 => BodyTooLarge,
        415 => UnsupportedMediaType,
        >= 500 => Internal,
        _ => Prefix + "http-" + statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
