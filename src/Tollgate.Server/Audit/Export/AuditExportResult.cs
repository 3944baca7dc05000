using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Tollgate.Core.Audit;

namespace Tollgate.Server.Audit.Export;

/// <summary>
/// Streams every event matching a filter in constant memory: pages of <see cref="PageSize"/> events are read
/// with the keyset cursor, each written straight to the response body and flushed, and nothing is collected.
/// </summary>
/// <remarks>
/// A failure before the first byte reaches the client becomes a problem response; after that the connection is
/// aborted, so the client sees a truncated transfer rather than a file that looks complete.
/// </remarks>
internal sealed class AuditExportResult(
    IAuditEventStore store,
    string tenant,
    AuditEventFilter filter,
    AuditSortOrder order,
    ExportFormat format,
    DateTimeOffset now,
    ILogger logger) : IResult, IEndpointMetadataProvider
{
    /// <summary>Events read from the store per query.</summary>
    public const int PageSize = 1000;

    /// <summary>Buffered bytes that trigger a flush within a page.</summary>
    private const int FlushThreshold = 64 * 1024;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/csv", "application/x-ndjson"]));
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        IAuditExportWriter writer = format == ExportFormat.Csv ? new CsvExportWriter() : new NdjsonExportWriter();
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = writer.ContentType;
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentDisposition = string.Create(
            CultureInfo.InvariantCulture,
            $"attachment; filename=\"audit-events-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.{writer.Extension}\"");

        var body = response.BodyWriter;
        try
        {
            writer.WriteHeader(body);
            var query = new AuditEventQuery { Filter = filter, Order = order, Limit = PageSize };
            AuditCursor? after = null;
            do
            {
                var page = await store.QueryAsync(tenant, query with { After = after }, cancellationToken);
                foreach (var auditEvent in page.Items)
                {
                    writer.Write(body, auditEvent);
                    if (body.CanGetUnflushedBytes && body.UnflushedBytes >= FlushThreshold
                        && (await body.FlushAsync(cancellationToken)).IsCompleted)
                    {
                        return;
                    }
                }

                if ((await body.FlushAsync(cancellationToken)).IsCompleted)
                {
                    return;
                }

                after = page.Next;
            }
            while (after is not null);
        }
        catch (Exception ex) when (response.HasStarted && ex is not OperationCanceledException)
        {
            AuditApiLog.ExportFailed(logger, ex, writer.Extension, tenant);
            httpContext.Abort();
        }
    }
}
