using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Tollgate.Core.Audit;
using Tollgate.Core.Identity;
using Tollgate.Identity.Tenancy;
using Tollgate.Server.Audit;
using Tollgate.Server.Audit.Responses;
using Tollgate.Server.Http;
using Tollgate.Server.OpenApi;
using Tollgate.Server.Problems;
using Tollgate.Server.Topology;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps seed 002's <c>/events</c> API over the same audit store, so its clients keep working unchanged:
/// <c>POST /events</c> requires invariant_data and app_data, and <c>GET /events</c> pages by number.
/// </summary>
public static class SeedEventsApi
{
    private const string Tag = "Seed 002 compatibility";
    private const int DefaultPerPage = 20;

    /// <summary>Maps <c>POST /events</c> (ingest role) and <c>GET /events</c> (query role). Requires <c>AddTollgateAuditApi()</c>.</summary>
    public static IEndpointRouteBuilder MapTollgateSeedEventsApi(this IEndpointRouteBuilder endpoints)
    {
        var events = endpoints.MapGroup("/events")
            .WithTags(Tag)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var roles = endpoints.ServiceProvider.GetRequiredService<NodeRoles>();
        if (roles.Has(NodeRole.Ingest))
        {
            events.MapPost("/", CreateAsync)
                .RequireScope(Scopes.Ingest)
                .WithName("CreateSeedEvent")
                .WithIdempotencyKeyHeader()
                .WithSummary("Records one event (seed 002)")
                .WithDescription("user_id, event_type, timestamp, src_service, invariant_data and app_data are required; any other member is kept.")
                .Accepts<AuditEventInputSchema>("application/json")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        }

        if (roles.Has(NodeRole.Query))
        {
            events.MapGet("/", ListAsync)
                .RequireScope(Scopes.Read)
                .WithName("ListSeedEvents")
                .WithSummary("Lists events newest first, by page number (seed 002)")
                .ProducesProblem(StatusCodes.Status400BadRequest);
        }

        return endpoints;
    }

    private static async Task<Results<Created<SeedEventCreatedResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context,
        AuditIngestion ingestion,
        ITenantResolver tenants,
        IOptionsMonitor<AuditApiOptions> optionsMonitor)
    {
        var options = optionsMonitor.CurrentValue;
        var read = await AuditWriteRequest.ReadAsync(context, options.MaxBodyBytes, options.MaxJsonDepth);
        if (read.IsProblem)
        {
            return read.Problem;
        }

        using var request = read.Value;
        var appended = await ingestion.AppendOneAsync(tenants.GetTenant(context), request.Root, AuditEventShape.Seed002, request.IdempotencyKey, amends: null, options, context.RequestAborted);
        if (appended.IsProblem)
        {
            return appended.Problem;
        }

        var id = appended.Value.EventId;
        return TypedResults.Created($"{AuditEventsApi.Prefix}/{id:D}", new SeedEventCreatedResponse("Event created successfully", id));
    }

    private static async Task<Results<Ok<SeedEventPageResponse>, ProblemHttpResult>> ListAsync(
        HttpContext context,
        [FromQuery(Name = "user_id")] string? userId,
        [FromQuery(Name = "page")] string? page,
        [FromQuery(Name = "per_page")] string? perPage,
        IAuditEventStore store,
        ITenantResolver tenants)
    {
        var errors = new List<ProblemFieldError>();
        var filter = new AuditEventFilter { UserId = AuditQueryParser.ParseText(userId, "user_id", errors) };
        var pageNumber = QueryParameters.ParseInt(page, "page", 1, int.MaxValue, errors) ?? 1;
        var pageSize = QueryParameters.ParseInt(perPage, "per_page", 1, AuditEventQuery.MaxLimit, errors) ?? DefaultPerPage;
        var offset = (long)(pageNumber - 1) * pageSize;
        if (errors.Count == 0 && offset > int.MaxValue)
        {
            errors.Add(new(null, "page", $"is past any page there can be; with per_page={pageSize} the largest page is {(int.MaxValue / pageSize) + 1}."));
        }

        if (errors.Count > 0)
        {
            return Problem.InvalidQuery(errors);
        }

        var tenant = tenants.GetTenant(context);
        var total = await store.CountAsync(tenant, filter, context.RequestAborted);
        var result = await store.QueryAsync(
            tenant,
            new AuditEventQuery { Filter = filter, Limit = pageSize, Order = AuditSortOrder.Descending, Offset = (int)offset },
            context.RequestAborted);
        var pages = (total + pageSize - 1) / pageSize;
        return TypedResults.Ok(new SeedEventPageResponse(result.Items, total, pageNumber, pageSize, pages));
    }
}
