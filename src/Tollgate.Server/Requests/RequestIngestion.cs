using System.Text.Json;
using Tollgate.Core;
using Tollgate.Core.Requests;
using Tollgate.Pipeline.Transport;
using Tollgate.Server.Problems;

namespace Tollgate.Server.Requests;

/// <summary>
/// Takes a batch of requests that a service reports: validates every record with <see cref="RequestReportReader"/>,
/// redacts them as the gateway redacts its captures, and publishes the batch, all or nothing. Returns only after the
/// batch is durable: committed to the store (embedded) or added to the Redis stream a collector drains (scaled out,
/// <see cref="IsDeferred"/>).
/// </summary>
/// <remarks>Thread-safe; registered as a singleton.</remarks>
internal sealed class RequestIngestion(
    IRequestPublisher publisher,
    ReportedRequestRedactor redactor,
    TimeProvider timeProvider,
    ILogger<RequestIngestion> logger)
{
    /// <summary>True when accepted records are stored later by a collector: the API answers 202.</summary>
    public bool IsDeferred => publisher.IsDeferred;

    /// <summary>Most records in one call.</summary>
    public const int MaxRecordsPerCall = 1000;

    /// <summary>
    /// Reads a body (a JSON array of records, or an object whose only member <c>requests</c> is one) and stores every
    /// record; answers the ids in request order, or the problem that explains why nothing was stored.
    /// </summary>
    public async Task<ProblemOr<IReadOnlyList<Guid>>> ReportAsync(string tenant, JsonElement body, CancellationToken cancellationToken)
    {
        if (Items(body) is not { } items)
        {
            return Problem.ValidationFailed([new(null, "(body)", "must be a JSON array of requests, or an object whose only member \"requests\" is one.")], "The request");
        }

        var count = items.GetArrayLength();
        if (count > MaxRecordsPerCall)
        {
            return RequestsProblem.TooManyRecords(count, MaxRecordsPerCall);
        }

        if (count == 0)
        {
            return Problem.ValidationFailed([new(null, "requests", "must hold at least one request.")], "The request");
        }

        var now = UtcMicroseconds.Now(timeProvider);
        var errors = new List<ProblemFieldError>();
        var records = new List<RequestRecord>(count);
        var firstIndexOf = new Dictionary<Guid, int>(count);
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            if (RequestReportReader.Read(item, index, tenant, now, errors) is { } record)
            {
                if (firstIndexOf.TryAdd(record.Id, index))
                {
                    records.Add(redactor.Redact(record));
                }
                else
                {
                    errors.Add(new(index, "id", $"repeats the id of item {firstIndexOf[record.Id]}; each request of a batch needs its own id."));
                }
            }

            index++;
        }

        if (errors.Count > 0)
        {
            return Problem.ValidationFailed(errors, "The batch (nothing was stored)");
        }

        try
        {
            await publisher.PublishAsync(records, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The write was rolled back (or never queued); answering 503 keeps the 2xx-means-durable promise.
            RequestsApiLog.StoreWriteFailed(logger, ex, records.Count, tenant);
            return Problem.StoreUnavailable();
        }

        RequestsApiLog.RequestsReported(logger, records.Count, tenant);
        return ProblemOr<IReadOnlyList<Guid>>.From(records.ConvertAll(r => r.Id));
    }

    private static JsonElement? Items(JsonElement body)
    {
        if (body.ValueKind == JsonValueKind.Array)
        {
            return body;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        JsonElement? items = null;
        foreach (var member in body.EnumerateObject())
        {
            if (member.Name != "requests" || member.Value.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            items = member.Value;
        }

        return items;
    }
}
