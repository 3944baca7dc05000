using Microsoft.AspNetCore.Http.HttpResults;

namespace Tollgate.Server.Problems;

/// <summary>Builds Tollgate's problem details responses, so every error kind has one type, title and status.</summary>
internal static class Problem
{
    /// <summary>Most field errors listed in one response; the detail says how many there were in all.</summary>
    public const int MaxListedErrors = 100;

    public static ProblemHttpResult BodyTooLarge(long limit) => Create(
        StatusCodes.Status413PayloadTooLarge,
        ProblemTypes.BodyTooLarge,
        "Request body too large",
        $"The request body is larger than the limit of {limit} bytes. Send fewer or smaller events per call.");

    public static ProblemHttpResult InvalidJson(string reason) => Create(
        StatusCodes.Status400BadRequest,
        ProblemTypes.InvalidJson,
        "Invalid JSON",
        $"The request body is not well-formed JSON: {reason}");

    public static ProblemHttpResult JsonTooDeep(int maxDepth) => Create(
        StatusCodes.Status400BadRequest,
        ProblemTypes.JsonTooDeep,
        "JSON nested too deeply",
        $"The request body nests objects and arrays more than {maxDepth} levels deep. Flatten the data.");

    public static ProblemHttpResult InvalidUtf8() => Create(
        StatusCodes.Status400BadRequest,
        ProblemTypes.InvalidUtf8,
        "Invalid UTF-8",
        "The request body is not valid UTF-8. Encode JSON as UTF-8.");

    public static ProblemHttpResult UnsupportedMediaType(string? contentType, string accepted) => Create(
        StatusCodes.Status415UnsupportedMediaType,
        ProblemTypes.UnsupportedMediaType,
        "Unsupported media type",
        string.IsNullOrEmpty(contentType)
            ? $"The request has no Content-Type. Send the body as {accepted}."
            : $"The Content-Type \"{Truncate(contentType)}\" is not accepted. Send the body as {accepted}.");

    public static ProblemHttpResult TooManyEvents(int count, int limit) => Create(
        StatusCodes.Status400BadRequest,
        ProblemTypes.TooManyEvents,
        "Too many events",
        $"The call carries {count} events; the limit is {limit} per call. Split the batch.");

    public static ProblemHttpResult InvalidIdempotencyKey() => Create(
        StatusCodes.Status400BadRequest,
        ProblemTypes.InvalidIdempotencyKey,
        "Invalid Idempotency-Key",
        "The Idempotency-Key header must be 1 to 255 printable ASCII characters.");

    /// <summary>400: a body that is well-formed JSON but not what the endpoint takes; the detail names the member.</summary>
    public static ProblemHttpResult Invalid(string detail) => Create(
        StatusCodes.Status400BadRequest,
        ProblemTypes.ValidationFailed,
        "Validation failed",
        detail);

    public static ProblemHttpResult NotFound(string detail) => Create(
        StatusCodes.Status404NotFound,
        ProblemTypes.NotFound,
        "Not found",
        detail);

    public static ProblemHttpResult IdempotencyConflict(int? index)
    {
        var detail = index is { } i
            ? $"The idempotency key or event id of item {i} was already used for a different event. Use a new key (or id) for new content; nothing of this call was stored."
            : "The idempotency key or event id was already used for a different event. Use a new key (or id) for new content.";
        var extensions = index is { } at ? new Dictionary<string, object?> { ["index"] = at } : null;
        return Create(StatusCodes.Status409Conflict, ProblemTypes.IdempotencyConflict, "Idempotency conflict", detail, extensions);
    }

    public static ProblemHttpResult StoreUnavailable() => Create(
        StatusCodes.Status503ServiceUnavailable,
        ProblemTypes.StoreUnavailable,
        "Store unavailable",
        "The write could not be made durable (the store, or Redis when scaled out, did not take it), so nothing of this call was stored. Retry later; GET /health/ready reports when it is back.");

    public static ProblemHttpResult ValidationFailed(IReadOnlyList<ProblemFieldError> errors, string subject)
    {
        var shown = errors.Count > MaxListedErrors ? errors.Take(MaxListedErrors).ToList() : errors;
        var first = errors[0];
        var where = first.Index is { } index ? $"item {index}: " : string.Empty;
        var more = errors.Count > 1 ? $" ({errors.Count} errors in all{(errors.Count > MaxListedErrors ? $", the first {MaxListedErrors} listed" : string.Empty)})" : string.Empty;
        return Create(
            StatusCodes.Status400BadRequest,
            ProblemTypes.ValidationFailed,
            "Validation failed",
            $"{subject} is invalid: {where}{(first.Field.StartsWith('(') ? string.Empty : first.Field + " ")}{first.Message}{more}",
            new Dictionary<string, object?> { ["errors"] = shown });
    }

    public static ProblemHttpResult InvalidQuery(IReadOnlyList<ProblemFieldError> errors)
    {
        var first = errors[0];
        return Create(
            StatusCodes.Status400BadRequest,
            ProblemTypes.InvalidQueryParameter,
            "Invalid query parameter",
            $"Query parameter \"{first.Field}\" {first.Message}{(errors.Count > 1 ? $" ({errors.Count} errors in all)" : string.Empty)}",
            new Dictionary<string, object?> { ["errors"] = errors });
    }

    private static ProblemHttpResult Create(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: type, extensions: extensions);

    private static string Truncate(string value) => value.Length <= 100 ? value : value[..100] + "…";
}
