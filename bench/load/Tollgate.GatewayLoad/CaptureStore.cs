using Microsoft.Data.Sqlite;

namespace Tollgate.GatewayLoad;

/// <summary>
/// Reads Tollgate's own SQLite file (read-only, beside the running server) to count what the gateway stored per
/// route: the only way to tell "captured and stored" from "captured and dropped" under load from outside.
/// </summary>
internal static class CaptureStore
{
    /// <summary>Rows and rows with detail, by the route id recorded with each exchange.</summary>
    /// <exception cref="SqliteException">The file or the <c>requests</c> table is not there, or its columns changed.</exception>
    public static async Task<IReadOnlyDictionary<string, (long Rows, long WithDetail)>> CountByRouteAsync(string database, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(route, ''), count(*), sum(has_detail) FROM requests GROUP BY route";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, (long Rows, long WithDetail)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = (reader.GetInt64(1), reader.IsDBNull(2) ? 0 : reader.GetInt64(2));
        }

        return counts;
    }
}
