using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Tollgate.Core.Audit;
using Tollgate.Core.Identity;
using Tollgate.Core.Json;
using Tollgate.Identity.Tenancy;
using Tollgate.Server.Audit;
using Tollgate.Server.Audit.Export;
using Tollgate.Server.Audit.Json;
using Tollgate.Server.Audit.Responses;
using Tollgate.Server.Http;
using Tollgate.Server.OpenApi;
using Tollgate.Server.Problems;
using Tollgate.Server.Topology;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the audit log API, <c>/api/v1/logs</c> (seed 003's shape).</summary>
public static class AuditEventsApi
{
    /// <summary>The route prefix of the audit log API.</summary>
    public const string Prefix = "/api/v1/logs";

    private const string Tag = "Audit log";
    private static readonly string[] ServerAssignedMembers = [AuditFields.Id, AuditFields.TenantId, AuditFields.ReceivedAt, AuditFields.Amends];
    private static readonly TimeSpan MaxHourlyStatsRange = TimeSpan.FromDays(31);
    private static readonly TimeSpan MaxDailyStatsRange = TimeSpan.FromDays(400);
    private static readonly TimeSpan DefaultStatsRange = TimeSpan.FromHours(24);

    /// <summary>
    /// Maps, on nodes with the ingest role, ingest (single, bulk) and amend (PUT, PATCH); on nodes with the query role,
    /// search, get, export, stats, retention cleanup and chain verification. Requires <c>AddTollgateAuditApi()</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapTollgateAuditApi(this IEndpointRouteBuilder endpoints)
    {
        var logs = endpoints.MapGroup(Prefix)
            .WithTags(Tag)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var roles = endpoints.ServiceProvider.GetRequiredService<NodeRoles>();
        if (roles.Has(NodeRole.Ingest))
        {
            logs.MapPost("/", CreateAsync)
                .RequireScope(Scopes.Ingest)
                .WithName("CreateAuditEvent")
                .WithIdempotencyKeyHeader()
                .WithSummary("Records one audit event")
                .WithDescription("Answers 201 with the stored event once it is durable; scaled out (Pipeline:Transport=Redis), 202 with its id once it is durable in the stream a collector drains. An Idempotency-Key header or a client-supplied id makes a retry return the original event.")
                .Accepts<AuditEventInputSchema>("application/json")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

            logs.MapPost("/bulk", CreateBulkAsync)
                .RequireScope(Scopes.Ingest)
                .WithName("CreateAuditEvents")
                .WithIdempotencyKeyHeader()
                .WithSummary("Records up to 10,000 audit events, all or nothing")
                .WithDescription("The body is a JSON array of events or an object {\"events\":[...]}. Any invalid event fails the whole call with per-item errors. With an Idempotency-Key header, item i uses the key \"<key>#<i>\".")
                .Accepts<AuditEventInputSchema[]>("application/json")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

            logs.MapPut("/{id}", ReplaceAsync)
                .RequireScope(Scopes.Ingest)
                .WithName("AmendAuditEvent")
                .WithIdempotencyKeyHeader()
                .WithSummary("Amends an event with a full replacement")
                .WithDescription("Never changes the stored event: records a new event whose \"amends\" is the original's id. Amending an amendment amends its original.")
                .Accepts<AuditEventInputSchema>("application/json")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

            logs.MapPatch("/{id}", PatchAsync)
                .RequireScope(Scopes.Ingest)
                .WithName("PatchAuditEvent")
                .WithIdempotencyKeyHeader()
                .WithSummary("Amends an event with a JSON merge patch (RFC 7396)")
                .WithDescription("The patch applies to the addressed event's document without its server-assigned members (id, tenant_id, received_at, amends); the result is recorded as an amendment of the original.")
                .Accepts<JsonObject>(JsonContentType.MergePatch, "application/json")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        }

        if (roles.Has(NodeRole.Query))
        {
            logs.MapGet("/", SearchAsync)
                .RequireScope(Scopes.Read)
                .WithName("SearchAuditEvents")
                .WithSummary("Searches audit events, one keyset page at a time")
                .WithDescription("Pass next_cursor back as cursor for the next page; pages stay correct while events arrive.")
                .ProducesProblem(StatusCodes.Status400BadRequest);

            logs.MapGet("/export", Export)
                .RequireScope(Scopes.Read)
                .WithName("ExportAuditEvents")
                .WithSummary("Exports every matching audit event as CSV or NDJSON")
                .WithDescription("Streams in constant memory, oldest first unless order=desc.")
                .ProducesProblem(StatusCodes.Status400BadRequest);

            logs.MapGet("/stats", GetStatsAsync)
                .RequireScope(Scopes.Read)
                .WithName("GetAuditStats")
                .WithSummary("Counts audit events by type, by service and over time")
                .ProducesProblem(StatusCodes.Status400BadRequest);

            logs.MapDelete("/cleanup", CleanupAsync)
                .RequireScope(Scopes.Admin)
                .WithName("CleanupAuditEvents")
                .WithSummary("Deletes the events received before a time, leaving a verifiable checkpoint")
                .ProducesProblem(StatusCodes.Status400BadRequest);

            logs.MapGet("/verify", VerifyAsync)
                .RequireScope(Scopes.Read)
                .WithName("VerifyAuditChain")
                .WithSummary("Recomputes the hash chain and reports the first break")
                .WithDescription("Answers 200 whether or not the chain verifies; read \"ok\".");

            logs.MapGet("/{id}", GetAsync)
                .RequireScope(Scopes.Read)
                .WithName("GetAuditEvent")
                .WithSummary("Returns one audit event with its amendments")
                .ProducesProblem(StatusCodes.Status404NotFound);
        }

        return endpoints;
    }

    private static async Task<Results<Created<AuditEvent>, Accepted<AuditEventAcceptedResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context,
        AuditIngestion ingestion,
        IAuditEventStore store,
        ITenantResolver tenants,
        IOptionsMonitor<AuditApiOptions> optionsMonitor)
    {
        var options = optionsMonitor.CurrentValue;
        var cancellationToken = context.RequestAborted;
        var read = await AuditWriteRequest.ReadAsync(context, options.MaxBodyBytes, options.MaxJsonDepth);
        if (read.IsProblem)
        {
            return read.Problem;
        }

        var tenant = tenants.GetTenant(context);
        using var request = read.Value;
        var appended = await ingestion.AppendOneAsync(tenant, request.Root, AuditEventShape.V1, request.IdempotencyKey, amends: null, options, cancellationToken);
        if (appended.IsProblem)
        {
            return appended.Problem;
        }

        if (ingestion.IsDeferred)
        {
            return TypedResults.Accepted(LocationOf(appended.Value.EventId), new AuditEventAcceptedResponse(appended.Value.EventId, appended.Value.Replayed));
        }

        var stored = await GetStoredAsync(store, tenant, appended.Value.EventId, cancellationToken);
        return TypedResults.Created(LocationOf(stored.Id), stored);
    }

    private static async Task<Results<Created<BulkAppendResponse>, Accepted<BulkAppendResponse>, ProblemHttpResult>> CreateBulkAsync(
        HttpContext context,
        AuditIngestion ingestion,
        ITenantResolver tenants,
        IOptionsMonitor<AuditApiOptions> optionsMonitor)
    {
        var options = optionsMonitor.CurrentValue;
        var read = await AuditWriteRequest.ReadAsync(context, options.MaxBulkBodyBytes, options.MaxJsonDepth);
        if (read.IsProblem)
        {
            return read.Problem;
        }

        using var request = read.Value;
        var appended = await ingestion.AppendBulkAsync(tenants.GetTenant(context), request.Root, request.IdempotencyKey, options, context.RequestAborted);
        if (appended.IsProblem)
        {
            return appended.Problem;
        }

        var results = appended.Value;
        var items = new BulkAppendItem[results.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new BulkAppendItem(i, results[i].EventId, ingestion.IsDeferred ? null : results[i].Sequence, results[i].Replayed);
        }

        var response = new BulkAppendResponse(items.Length, items);
        return ingestion.IsDeferred ? TypedResults.Accepted((string?)null, response) : TypedResults.Created((string?)null, response);
    }

    private static async Task<Results<Ok<AuditEventSearchResponse>, ProblemHttpResult>> SearchAsync(
        HttpContext context,
        [AsParameters] AuditFilterParameters filter,
        [FromQuery(Name = "order")] string? order,
        [FromQuery(Name = "limit")] string? limit,
        [FromQuery(Name = "cursor")] string? cursor,
        IAuditEventStore store,
        ITenantResolver tenants)
    {
        var errors = new List<ProblemFieldError>();
        var query = new AuditEventQuery
        {
            Filter = AuditQueryParser.ParseFilter(filter, errors),
            Order = AuditQueryParser.ParseOrder(order, AuditSortOrder.Descending, errors),
            Limit = QueryParameters.ParseInt(limit, "limit", 1, AuditEventQuery.MaxLimit, errors) ?? 100,
            After = AuditQueryParser.ParseCursor(cursor, errors),
        };
        if (errors.Count > 0)
        {
            return Problem.InvalidQuery(errors);
        }

        var page = await store.QueryAsync(tenants.GetTenant(context), query, context.RequestAborted);
        return TypedResults.Ok(new AuditEventSearchResponse(page.Items, page.Next?.Encode()));
    }

    private static async Task<Results<Ok<AuditEventDetail>, ProblemHttpResult>> GetAsync(
        HttpContext context,
        string id,
        IAuditEventStore store,
        ITenantResolver tenants)
    {
        var tenant = tenants.GetTenant(context);
        var found = await FindAsync(store, tenant, id, context.RequestAborted);
        if (found.IsProblem)
        {
            return found.Problem;
        }

        var amendments = await store.GetAmendmentsAsync(tenant, found.Value.Id, context.RequestAborted);
        return TypedResults.Ok(new AuditEventDetail(found.Value, amendments));
    }

    private static Task<Results<Created<AuditEvent>, Accepted<AuditEventAcceptedResponse>, ProblemHttpResult>> ReplaceAsync(
        HttpContext context,
        string id,
        AuditIngestion ingestion,
        IAuditEventStore store,
        ITenantResolver tenants,
        IOptionsMonitor<AuditApiOptions> optionsMonitor,
        ILogger<AuditIngestion> logger) =>
        AmendFromRequestAsync(context, id, asMergePatch: false, ingestion, store, tenants, optionsMonitor.CurrentValue, logger);

    private static Task<Results<Created<AuditEvent>, Accepted<AuditEventAcceptedResponse>, ProblemHttpResult>> PatchAsync(
        HttpContext context,
        string id,
        AuditIngestion ingestion,
        IAuditEventStore store,
        ITenantResolver tenants,
        IOptionsMonitor<AuditApiOptions> optionsMonitor,
        ILogger<AuditIngestion> logger) =>
        AmendFromRequestAsync(context, id, asMergePatch: true, ingestion, store, tenants, optionsMonitor.CurrentValue, logger);

    /// <summary>PUT sends the new version whole; PATCH a merge patch over the addressed event's document.</summary>
    private static async Task<Results<Created<AuditEvent>, Accepted<AuditEventAcceptedResponse>, ProblemHttpResult>> AmendFromRequestAsync(
        HttpContext context,
        string id,
        bool asMergePatch,
        AuditIngestion ingestion,
        IAuditEventStore store,
        ITenantResolver tenants,
        AuditApiOptions options,
        ILogger<AuditIngestion> logger)
    {
        var tenant = tenants.GetTenant(context);
        var found = await FindAsync(store, tenant, id, context.RequestAborted);
        if (found.IsProblem)
        {
            return found.Problem;
        }

        var read = await AuditWriteRequest.ReadAsync(context, options.MaxBodyBytes, options.MaxJsonDepth);
        if (read.IsProblem)
        {
            return read.Problem;
        }

        using var request = read.Value;
        var key = request.IdempotencyKey;
        if (!asMergePatch)
        {
            return await AmendAsync(context, found.Value, request.Root, key, ingestion, store, tenant, options, logger);
        }

        var patched = Merge(found.Value, request.Root);
        if (patched.IsProblem)
        {
            return patched.Problem;
        }

        using var merged = JsonDocument.Parse(patched.Value);
        return await AmendAsync(context, found.Value, merged.RootElement, key, ingestion, store, tenant, options, logger);
    }

    /// <summary>Applies a merge patch to <paramref name="target"/>'s document without its server-assigned members.</summary>
    private static ProblemOr<ReadOnlyMemory<byte>> Merge(AuditEvent target, JsonElement patch)
    {
        var document = JsonNode.Parse(target.Document.Span)!.AsObject();
        foreach (var member in ServerAssignedMembers)
        {
            document.Remove(member);
        }

        var buffer = new ArrayBufferWriter<byte>(target.Document.Length + 256);
        try
        {
            var patched = JsonMergePatch.Apply(document, ToNode(patch));
            using var writer = new Utf8JsonWriter(buffer);
            if (patched is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                patched.WriteTo(writer);
            }
        }
        catch (InvalidOperationException)
        {
            // Nodes over the request's JsonElement unescape strings as they are merged and written; an escaped
            // unpaired surrogate cannot be unescaped.
            return Problem.ValidationFailed([new(null, "(patch)", "holds a string with an escaped unpaired surrogate (such as \\ud800).")], "The patch");
        }

        return buffer.WrittenMemory;
    }

    private static Results<AuditExportResult, ProblemHttpResult> Export(
        HttpContext context,
        [AsParameters] AuditFilterParameters filter,
        [FromQuery(Name = "format")] string? format,
        [FromQuery(Name = "order")] string? order,
        IAuditEventStore store,
        ITenantResolver tenants,
        TimeProvider timeProvider,
        ILogger<AuditExportResult> logger)
    {
        var errors = new List<ProblemFieldError>();
        var parsedFilter = AuditQueryParser.ParseFilter(filter, errors);
        var parsedOrder = AuditQueryParser.ParseOrder(order, AuditSortOrder.Ascending, errors);
        ExportFormat? parsedFormat = format switch
        {
            null or "" or "csv" => ExportFormat.Csv,
            "ndjson" => ExportFormat.Ndjson,
            _ => null,
        };
        if (parsedFormat is null)
        {
            errors.Add(new(null, "format", "must be \"csv\" or \"ndjson\"."));
        }

        if (errors.Count > 0)
        {
            return Problem.InvalidQuery(errors);
        }

        return new AuditExportResult(store, tenants.GetTenant(context), parsedFilter, parsedOrder, parsedFormat!.Value, timeProvider.GetUtcNow(), logger);
    }

    private static async Task<Results<Ok<AuditStatsResponse>, ProblemHttpResult>> GetStatsAsync(
        HttpContext context,
        [FromQuery(Name = "from")] string? from,
        [FromQuery(Name = "to")] string? to,
        [FromQuery(Name = "interval")] string? interval,
        IAuditEventStore store,
        ITenantResolver tenants,
        TimeProvider timeProvider)
    {
        var errors = new List<ProblemFieldError>();
        AuditStatsInterval? parsedInterval = interval switch
        {
            null or "" or "hour" => AuditStatsInterval.Hour,
            "day" => AuditStatsInterval.Day,
            _ => null,
        };
        if (parsedInterval is null)
        {
            errors.Add(new(null, "interval", "must be \"hour\" or \"day\"."));
        }

        var end = QueryParameters.ParseTimestamp(to, "to", errors) ?? AuditEventReader.TruncateToMicroseconds(timeProvider.GetUtcNow());
        var start = QueryParameters.ParseTimestamp(from, "from", errors) ?? end - DefaultStatsRange;
        if (errors.Count == 0)
        {
            var cap = parsedInterval == AuditStatsInterval.Day ? MaxDailyStatsRange : MaxHourlyStatsRange;
            if (start >= end)
            {
                errors.Add(new(null, "to", "must be later than \"from\"."));
            }
            else if (end - start > cap)
            {
                errors.Add(new(null, "from", $"starts a range of {(end - start).TotalDays:0.#} days; with interval={(parsedInterval == AuditStatsInterval.Day ? "day" : "hour")} the range is at most {cap.TotalDays:0} days."));
            }
        }

        if (errors.Count > 0)
        {
            return Problem.InvalidQuery(errors);
        }

        var stats = await store.GetStatsAsync(tenants.GetTenant(context), new AuditEventFilter { From = start, To = end }, parsedInterval!.Value, context.RequestAborted);
        return TypedResults.Ok(new AuditStatsResponse(
            stats.Total,
            stats.ByEventType.Select(c => new EventTypeCount(c.Key, c.Value)).ToList(),
            stats.BySrcService.Select(c => new SrcServiceCount(c.Key, c.Value)).ToList(),
            stats.OverTime.Select(c => new TimeBucketCount(AuditEventReader.Format(c.Key), c.Value)).ToList(),
            AuditEventReader.Format(start),
            AuditEventReader.Format(end),
            parsedInterval == AuditStatsInterval.Day ? "day" : "hour"));
    }

    private static async Task<Results<Ok<CleanupResponse>, ProblemHttpResult>> CleanupAsync(
        HttpContext context,
        [FromQuery(Name = "before")] string? before,
        IAuditEventStore store,
        ITenantResolver tenants,
        TimeProvider timeProvider,
        ILogger<AuditIngestion> logger)
    {
        var errors = new List<ProblemFieldError>();
        var cutoff = QueryParameters.ParseTimestamp(before, "before", errors);
        if (errors.Count == 0)
        {
            if (cutoff is null)
            {
                errors.Add(new(null, "before", "is required: an RFC 3339 date-time; events received before it are deleted."));
            }
            else if (cutoff > timeProvider.GetUtcNow())
            {
                errors.Add(new(null, "before", "is in the future; retention only deletes events received in the past."));
            }
        }

        if (errors.Count > 0)
        {
            return Problem.InvalidQuery(errors);
        }

        var tenant = tenants.GetTenant(context);
        var result = await store.DeleteReceivedBeforeAsync(tenant, cutoff!.Value, context.RequestAborted);
        AuditApiLog.RetentionCompleted(logger, result.Deleted, cutoff.Value, tenant);
        return TypedResults.Ok(new CleanupResponse(result.Deleted, CheckpointResponse.From(result.Checkpoint)));
    }

    private static async Task<Ok<VerifyResponse>> VerifyAsync(
        HttpContext context,
        IAuditEventStore store,
        ITenantResolver tenants,
        ILogger<AuditIngestion> logger)
    {
        var tenant = tenants.GetTenant(context);
        var result = await store.VerifyChainAsync(tenant, context.RequestAborted);
        if (!result.Ok)
        {
            AuditApiLog.ChainBroken(logger, tenant, result.FirstBrokenSequence, result.Reason);
        }

        return TypedResults.Ok(new VerifyResponse(
            result.Ok,
            result.Verified,
            result.FirstBrokenSequence,
            result.Reason,
            new ChainHeadResponse(result.HeadSequence, Convert.ToHexStringLower(result.HeadHash.Span)),
            CheckpointResponse.From(result.Checkpoint)));
    }

    private static async Task<Results<Created<AuditEvent>, Accepted<AuditEventAcceptedResponse>, ProblemHttpResult>> AmendAsync(
        HttpContext context,
        AuditEvent target,
        JsonElement amendment,
        string? key,
        AuditIngestion ingestion,
        IAuditEventStore store,
        string tenant,
        AuditApiOptions options,
        ILogger logger)
    {
        var original = target.Amends ?? target.Id;
        var appended = await ingestion.AppendOneAsync(tenant, amendment, AuditEventShape.V1, key, original, options, context.RequestAborted);
        if (appended.IsProblem)
        {
            return appended.Problem;
        }

        if (!appended.Value.Replayed)
        {
            AuditApiLog.AmendmentRecorded(logger, appended.Value.EventId, original, tenant);
        }

        if (ingestion.IsDeferred)
        {
            return TypedResults.Accepted(LocationOf(appended.Value.EventId), new AuditEventAcceptedResponse(appended.Value.EventId, appended.Value.Replayed));
        }

        var stored = await GetStoredAsync(store, tenant, appended.Value.EventId, context.RequestAborted);
        return TypedResults.Created(LocationOf(stored.Id), stored);
    }

    private static async Task<ProblemOr<AuditEvent>> FindAsync(IAuditEventStore store, string tenant, string id, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(id, out var eventId) && await store.GetAsync(tenant, eventId, cancellationToken) is { } found)
        {
            return found;
        }

        return Problem.NotFound($"There is no audit event with id \"{(id.Length > 64 ? id[..64] + "…" : id)}\".");
    }

    private static async Task<AuditEvent> GetStoredAsync(IAuditEventStore store, string tenant, Guid id, CancellationToken cancellationToken) =>
        await store.GetAsync(tenant, id, cancellationToken)
            ?? throw new InvalidOperationException($"Event {id} was acknowledged by the store but cannot be read back.");

    private static string LocationOf(Guid id) => $"{Prefix}/{id:D}";

    private static JsonNode? ToNode(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element),
        JsonValueKind.Array => JsonArray.Create(element),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(element),
    };
}
