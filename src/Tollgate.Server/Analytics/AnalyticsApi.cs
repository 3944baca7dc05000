using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Tollgate.Core;
using Tollgate.Core.Analytics;
using Tollgate.Core.Audit;
using Tollgate.Core.Identity;
using Tollgate.Identity.Tenancy;
using Tollgate.Server.Analytics;
using Tollgate.Server.Analytics.Responses;
using Tollgate.Server.Problems;
using Tollgate.Server.Topology;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps the analytics API at <c>/api/analytics</c>: seed 004's summary, most-used, error-rates and response-times (same
/// paths and parameters, latencies in milliseconds with <c>_ms</c> names), plus time series and per-consumer usage. Every
/// answer comes from the request rollups (<see cref="RequestAnalytics"/>), never from raw rows.
/// </summary>
public static class AnalyticsApi
{
    /// <summary>The route prefix (seed 004's).</summary>
    public const string Prefix = "/api/analytics";

    private const string Tag = "Analytics";

    private const string RangeDescription =
        "Covers the last `hours` hours (default 24) or from/to, aligned outward to whole minutes; edges older than the minute " +
        "retention (Analytics:MinuteRetentionDays) are widened to the hour. The range really covered is returned as from and to.";

    /// <summary>Maps the analytics endpoints on nodes with the query role. Requires <c>AddTollgateAnalyticsApi()</c>.</summary>
    public static IEndpointRouteBuilder MapTollgateAnalyticsApi(this IEndpointRouteBuilder endpoints)
    {
        var roles = endpoints.ServiceProvider.GetRequiredService<NodeRoles>();
        if (!roles.Has(NodeRole.Query))
        {
            return endpoints;
        }

        var analytics = endpoints.MapGroup(Prefix)
            .WithTags(Tag)
            .RequireScope(Scopes.Read)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        analytics.MapGet("/summary", SummaryAsync)
            .WithName("GetAnalyticsSummary")
            .WithSummary("Total requests, errors, error rate, mean latency and distinct endpoints")
            .WithDescription(RangeDescription);

        analytics.MapGet("/most-used", MostUsedAsync)
            .WithName("GetMostUsedEndpoints")
            .WithSummary("The endpoints with the most requests")
            .WithDescription(RangeDescription + " An endpoint is a service's method and route template (or path with ids folded to {id}).");

        analytics.MapGet("/error-rates", ErrorRatesAsync)
            .WithName("GetEndpointErrorRates")
            .WithSummary("Each endpoint's requests, errors (status 400 and above), server errors and error rate, highest rate first")
            .WithDescription(RangeDescription);

        analytics.MapGet("/response-times", ResponseTimesAsync)
            .WithName("GetEndpointResponseTimes")
            .WithSummary("Each endpoint's mean, min, max, p50, p95 and p99 latency in milliseconds, slowest mean first")
            .WithDescription(RangeDescription + " Percentiles are nearest-rank within 1%, never outside min and max.");

        analytics.MapGet("/consumers", ConsumersAsync)
            .WithName("GetConsumerUsage")
            .WithSummary("Each consumer's requests, errors, latencies and bytes, most requests first")
            .WithDescription(RangeDescription + " A consumer is the caller's principal; anonymous callers are counted together as null.");

        analytics.MapGet("/timeseries", TimeseriesAsync)
            .WithName("GetAnalyticsTimeseries")
            .WithSummary("A metric per time bucket, optionally one series per service, endpoint, status class or consumer")
            .WithDescription("Covers the last `hours` hours (default 24) or from/to, aligned outward to the interval; every bucket is present. 1m and 5m need the range within the minute retention; at most 1,500 buckets per series.");

        return endpoints;
    }

    private static async Task<Results<Ok<AnalyticsSummaryResponse>, ProblemHttpResult>> SummaryAsync(
        HttpContext context,
        [AsParameters] AnalyticsRangeParameters parameters,
        RequestAnalytics analytics,
        ITenantResolver tenants,
        TimeProvider timeProvider)
    {
        var errors = new List<ProblemFieldError>();
        var query = AnalyticsQueryParser.ParseRange(parameters, UtcMicroseconds.Now(timeProvider), errors);
        if (errors.Count > 0)
        {
            return Problem.InvalidQuery(errors);
        }

        var summary = await analytics.SummarizeAsync(tenants.GetTenant(context), query, context.RequestAborted);
        return TypedResults.Ok(AnalyticsSummaryResponse.Of(summary));
    }

    private static async Task<Results<Ok<MostUsedResponse>, ProblemHttpResult>> MostUsedAsync(
        HttpContext context,
        [AsParameters] AnalyticsRangeParameters parameters,
        [FromQuery(Name = "limit")][Description("Most endpoints, 1 to 1000; default 10.")] string? limit,
        RequestAnalytics analytics,
        ITenantResolver tenants,
        TimeProvider timeProvider)
    {
        var errors = new List<ProblemFieldError>();
        var query = AnalyticsQueryParser.ParseRange(parameters, UtcMicroseconds.Now(timeProvider), errors);
        var parsedLimit = AnalyticsQueryParser.ParseLimit(limit, AnalyticsQueryParser.DefaultMostUsedLimit, AnalyticsQueryParser.MaxLimit, errors);
        if (errors.Count > 0)
        {
            return Problem.InvalidQuery(errors);
        }

        var result = await analytics.MostUsedAsync(tenants.GetTenant(context), query, parsedLimit, context.RequestAborted);
        return TypedResults.Ok(new MostUsedResponse(
            AuditEventReader.Format(result.From), AuditEventReader.Format(result.To), [.. result.Items.Select(MostUsedEndpoint.From)]));
    }

    private static async Task<Results<Ok<ErrorRatesResponse>, ProblemHttpResult>> ErrorRatesAsync(
        HttpContext context,
        [AsParameters] AnalyticsRangeParameters parameters,
        [FromQuery(Name = "limit")][Description("Most endpoints, 1 to 1000; default 100.")] string? limit,
        RequestAnalytics analytics,
        ITenantResolver tenants,
        TimeProvider timeProvider)
    {
        var errors = new List<ProblemFieldError>();
        var query = AnalyticsQueryParser.ParseRange(parameters, UtcMicroseconds.Now(timeProvider), errors);
        var parsedLimit = AnalyticsQueryParser.ParseLimit(limit, AnalyticsQueryParser.DefaultLimit, AnalyticsQueryParser.MaxLimit, errors);
        if (errors.Count > 0)
        {
            return Problem.InvalidQuery(errors);
        }

        var result = await analytics.ErrorRatesAsync(tenants.GetTenant(context), query, parsedLimit, context.RequestAborted);
        return TypedResults.Ok(new ErrorRatesResponse(
            AuditEventReader.Format(result.From), AuditEventReader.Format(result.To), [.. result.Items.Select(EndpointErrorRate.From)]));
    }

    private static async Task<Results<Ok<ResponseTimesResponse>, ProblemHttpResult>> ResponseTimesAsync(
        HttpContext context,
        [AsParameters] AnalyticsRangeParameters parameters,
        [FromQuery(Name = "limit")][Description("Most endpoints, 1 to 1000; default 100.")] string? limit,
        RequestAnalytics analytics,
        ITenantResolver tenants,
        TimeProvider timeProvider)
    {
        var errors = new List<ProblemFieldError>();
        var query = AnalyticsQueryParser.ParseRange(parameters, UtcMicroseconds.Now(timeProvider), errors);
        var parsedLimit = AnalyticsQueryParser.ParseLimit(limit, AnalyticsQueryParser.DefaultLimit, AnalyticsQueryParser.MaxLimit, errors);
        if (errors.Count > 0)
        {
            return Problem.InvalidQuery(errors);
        }

        var result = await analytics.ResponseTimesAsync(tenants.GetTenant(context), query, parsedLimit, context.RequestAborted);
        return TypedResults.Ok(new ResponseTimesResponse(
            AuditEventReader.Format(result.From), AuditEventReader.Format(result.To), [.. result.Items.Select(EndpointResponseTimes.From)]));
    }

    private static async Task<Results<Ok<ConsumersResponse>, ProblemHttpResult>> ConsumersAsync(
        HttpContext context,
        [AsParameters] AnalyticsRangeParameters parameters,
        [FromQuery(Name = "limit")][Description("Most consumers, 1 to 1000; default 100.")] string? limit,
        RequestAnalytics analytics,
        ITenantResolver tenants,
        TimeProvider timeProvider)
    {
        var errors = new List<ProblemFieldError>();
        var query = AnalyticsQueryParser.ParseRange(parameters, UtcMicroseconds.Now(timeProvider), errors);
        var parsedLimit = AnalyticsQueryParser.ParseLimit(limit, AnalyticsQueryParser.DefaultLimit, AnalyticsQueryParser.MaxLimit, errors);
        if (errors.Count > 0)
        {
            return Problem.InvalidQuery(errors);
        }

        var result = await analytics.ConsumersAsync(tenants.GetTenant(context), query, parsedLimit, context.RequestAborted);
        return TypedResults.Ok(new ConsumersResponse(
            AuditEventReader.Format(result.From), AuditEventReader.Format(result.To), [.. result.Items.Select(ConsumerUsage.From)]));
    }

    private static async Task<Results<Ok<TimeseriesResponse>, ProblemHttpResult>> TimeseriesAsync(
        HttpContext context,
        [AsParameters] AnalyticsRangeParameters parameters,
        [AsParameters] TimeseriesParameters series,
        RequestAnalytics analytics,
        ITenantResolver tenants,
        TimeProvider timeProvider,
        IOptionsMonitor<RollupOptions> options)
    {
        var errors = new List<ProblemFieldError>();
        var query = AnalyticsQueryParser.ParseRange(parameters, UtcMicroseconds.Now(timeProvider), errors);
        var metric = AnalyticsQueryParser.ParseMetric(series.Metric, errors);
        var interval = AnalyticsQueryParser.ParseInterval(series.Interval, errors);
        var groupBy = AnalyticsQueryParser.ParseGroupBy(series.GroupBy, errors);
        var limit = AnalyticsQueryParser.ParseLimit(series.Limit, AnalyticsQueryParser.DefaultSeriesLimit, AnalyticsQueryParser.MaxSeriesLimit, errors);
        if (errors.Count > 0)
        {
            return Problem.InvalidQuery(errors);
        }

        var plan = analytics.PlanTimeseries(query.From, query.To, interval);
        if (plan.Refusal != TimeseriesRefusal.None)
        {
            return Problem.InvalidQuery([AnalyticsQueryParser.Refusal(plan, options.CurrentValue)]);
        }

        var result = await analytics.TimeseriesAsync(
            tenants.GetTenant(context), new TimeseriesQuery(plan, metric, groupBy, limit, query.Service), context.RequestAborted);
        return TypedResults.Ok(TimeseriesResponse.Of(result, metric, groupBy));
    }
}
