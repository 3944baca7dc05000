namespace Tollgate.Core.Requests;

/// <summary>A page of requests, newest first, without their <see cref="RequestRecord.Detail"/>.</summary>
/// <param name="Items">The requests.</param>
/// <param name="Next">Where the next page starts; null when this page is the last.</param>
public sealed record RequestPage(IReadOnlyList<RequestRecord> Items, RequestCursor? Next);
