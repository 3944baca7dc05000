namespace Tollgate.Core.Audit;

/// <summary>A page of search results.</summary>
/// <param name="Items">The events, in the requested order.</param>
/// <param name="Next">Where the next page starts; null when this page is the last.</param>
public sealed record AuditEventPage(IReadOnlyList<AuditEvent> Items, AuditCursor? Next);
