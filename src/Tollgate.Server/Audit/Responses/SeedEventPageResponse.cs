using Tollgate.Core.Audit;

namespace Tollgate.Server.Audit.Responses;

/// <summary>One page of seed 002's <c>GET /events</c>, newest first.</summary>
/// <param name="Events">The events of the page.</param>
/// <param name="Total">Events matching the filter, over all pages.</param>
/// <param name="Page">The page number, from 1.</param>
/// <param name="PerPage">The page size.</param>
/// <param name="Pages">How many pages there are.</param>
internal sealed record SeedEventPageResponse(IReadOnlyList<AuditEvent> Events, long Total, int Page, int PerPage, long Pages);
