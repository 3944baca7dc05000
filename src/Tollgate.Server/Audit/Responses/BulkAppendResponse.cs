namespace Tollgate.Server.Audit.Responses;

/// <summary>The answer to <c>POST /api/v1/logs/bulk</c>: one item per event, in request order.</summary>
/// <param name="Count">How many events the call carried.</param>
/// <param name="Items">What became of each.</param>
internal sealed record BulkAppendResponse(int Count, IReadOnlyList<BulkAppendItem> Items);
