namespace Tollgate.Server.Topology;

/// <summary>Which store holds the data (<c>Storage:Provider</c>).</summary>
internal enum StorageProvider
{
    /// <summary>The embedded SQLite file: one node, nothing to install (the default).</summary>
    Sqlite,

    /// <summary>PostgreSQL: any number of nodes.</summary>
    Postgres,
}
