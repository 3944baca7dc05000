namespace Tollgate.Storage.Sqlite;

/// <summary>One retention transaction: how many events it deleted and whether more may be due.</summary>
internal readonly record struct RetentionChunkResult(int Deleted, bool More);
