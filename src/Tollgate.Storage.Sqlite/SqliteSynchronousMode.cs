namespace Tollgate.Storage.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c> for the writer connection.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>fsync at every commit: an acknowledged event survives a power loss. The default.</summary>
    Full,

    /// <summary>fsync at checkpoints only: survives a process crash, may lose the last commits on power loss.</summary>
    Normal,
}
