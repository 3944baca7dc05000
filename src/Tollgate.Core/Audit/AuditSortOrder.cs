namespace Tollgate.Core.Audit;

/// <summary>Order of search results: by event timestamp, then by sequence number.</summary>
public enum AuditSortOrder
{
    /// <summary>Newest first (the default for search).</summary>
    Descending,

    /// <summary>Oldest first (the default for export).</summary>
    Ascending,
}
