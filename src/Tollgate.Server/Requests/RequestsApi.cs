using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Core.Requests;
using Tollgate.Identity.Tenancy;
using Tollgate.Server.Audit;
using Tollgate.Server.Http;
using Tollgate.Server.Problems;
using Tollgate.Server.Topology;
using Tollgate.Server.Requests;
using Tollgate.Server.Requests.Responses;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps the requests API: search and read captured requests at <c>/api/requests</c> (seed 004's path and member
/// names), and <c>POST /api/v1/requests</c> for services that report their own requests.
/// </summary>
public static class RequestsApi
{
    /// <summary>The route prefix of the read endpoints (seed 004's).</summary>
    public const string Prefix = "/api/requests";

    /// <summary>The route of the reporting endpoint.</summary>
    public const string ReportPath = "/api/v1/requests";

    private const string Tag = "Requests";

    /// <summary>Maps list and get (query role) and report (ingest role). Requires <c>AddTollgateRequestsApi()</c> and <c>AddTollgateAuditApi()</c>.</summary>
    public static IEndpointRouteBuilder MapTollgateRequestsApi(this IEndpointRouteBuilder endpoints)
    {
        // Compiles the redaction rules now, so invalid Gateway:Capture settings stop the start, naming the key,
        // instead of failing the first report.
        endpoints.ServiceProvider.GetRequiredService<ReportedRequestRedactor>();

        var roles = endpoints.ServiceProvider.GetRequiredService<NodeRoles>();
        if (roles.Has(NodeRole.Query))
        {
            var requests = endpoints.MapGroup(Prefix)
                .WithTags(Tag)
                .RequireScope(Scopes.Read)
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status429TooManyRequests);

            requests.MapGet("/", ListAsync)
                .WithName("ListRequests")
                .WithSummary("Searches captured and reported requests, newest first, one keyset page at a time")
                .WithDescription("Without from or to, covers the last `hours` hours (default 1). Pass next_cursor back as cursor for the next page.")
                .ProducesProblem(StatusCodes.Status400BadRequest);

            requests.MapGet("/{id}", GetAsync)
                .WithName("GetRequest")
                .WithSummary("Returns one request with its redacted headers and bodies")
                .ProducesProblem(StatusCodes.Status404NotFound);
        }

        if (roles.Has(NodeRole.Ingest))
        {
            endpoints.MapPost(ReportPath, ReportAsync)
                .WithTags(Tag)
                .RequireScope(Scopes.Ingest)
                .WithName("ReportRequests")
                .WithSummary("Records up to 1,000 requests a service handled, all or nothing")
                .WithDescription("The body is a JSON array of requests or an object {\"requests\":[...]}. Any invalid request fails the whole call with per-item errors. Headers, query and bodies are redacted as the gateway's captures are. A request whose id is already stored is skipped, so resending a batch is safe. Answers 201 once stored; scaled out (Pipeline:Transport=Redis), 202 once durable in the stream a collector drains.")
                .Accepts<RequestReport[]>("application/json")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
                .ProducesProblem(StatusCodes.Status429TooManyRequests)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        }

        return endpoints;
    }

    private static async Task<Results<Ok<RequestPageResponse>, ProblemHttpResult>> ListAsync(
        HttpContext context,
        [AsParameters] RequestListParameters parameters,
        IRequestStore store,
        ITenantResolver tenants,
        TimeProvider timeProvider)
    {
        var errors = new List<ProblemFieldError>();
        var query = RequestQueryParser.Parse(parameters, UtcMicroseconds.Now(timeProvider), errors);
        if (errors.Count > 0)
        {
            return Problem.InvalidQuery(errors);
        }

        var page = await store.QueryAsync(tenants.GetTenant(context), query, context.RequestAborted);
        return TypedResults.Ok(new RequestPageResponse([.. page.Items.Select(r => new RequestResponse(r))], page.Next?.Encode()));
    }

    private static async Task<Results<Ok<RequestDetailResponse>, ProblemHttpResult>> GetAsync(
        HttpContext context,
        string id,
        IRequestStore store,
        ITenantResolver tenants)
    {
        if (Guid.TryParse(id, out var requestId) && await store.GetAsync(tenants.GetTenant(context), requestId, context.RequestAborted) is { } found)
        {
            return TypedResults.Ok(new RequestDetailResponse(found));
        }

        return Problem.NotFound($"There is no request with id \"{(id.Length > 64 ? id[..64] + "…" : id)}\".");
    }

    private static async Task<Results<Created<RequestReportResponse>, Accepted<RequestReportResponse>, ProblemHttpResult>> ReportAsync(
        HttpContext context,
        RequestIngestion ingestion,
        ITenantResolver tenants,
        IOptionsMonitor<AuditApiOptions> optionsMonitor)
    {
        // Reports share the audit bulk API's body limits: one setting caps every bulk body the server reads.
        var options = optionsMonitor.CurrentValue;
        var read = await JsonRequestBody.ReadAsync(context.Request, options.MaxBulkBodyBytes, options.MaxJsonDepth, context.RequestAborted);
        if (read.IsProblem)
        {
            return read.Problem;
        }

        using var body = read.Value;
        var reported = await ingestion.ReportAsync(tenants.GetTenant(context), body.Root, context.RequestAborted);
        if (reported.IsProblem)
        {
            return reported.Problem;
        }

        var response = new RequestReportResponse(reported.Value.Count, reported.Value);
        return ingestion.IsDeferred ? TypedResults.Accepted((string?)null, response) : TypedResults.Created((string?)null, response);
    }
}
