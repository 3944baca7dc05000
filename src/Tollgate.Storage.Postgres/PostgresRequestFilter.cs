using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Tollgate.Core.Requests;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Translates a <see cref="RequestQuery"/> into one parameterised, newest-first keyset SELECT; tenant first, always.
/// </summary>
/// <remarks>
/// Unlike the embedded store, no index is named: PostgreSQL's planner has statistics and picks the trace or request id
/// index when one of those filters is present, and a time range prunes the daily partitions it does not cover. Text
/// filter values go through <see cref="PostgresStorable.Text"/> as stored text did, so a value that had a
/// character replaced on the way in still matches, and no filter value can make the server refuse the query.
/// </remarks>
internal static class PostgresRequestFilter
{
    public static string BuildQuery(NpgsqlCommand command, string tenantId, RequestQuery query)
    {
        var filter = query.Filter;
        var sql = new StringBuilder("SELECT ").Append(PostgresRequestMapping.RecordColumns)
            .Append(" FROM requests AS r WHERE r.tenant_id = ").Append(Text(command, tenantId));

        // Whole microseconds are stored; rounding both bounds up keeps From inclusive and To exclusive exactly.
        if (filter.From is { } from)
        {
            sql.Append(" AND r.timestamp >= ").Append(Time(command, PostgresStorable.TimeCeiling(from)));
        }

        if (filter.To is { } to)
        {
            sql.Append(" AND r.timestamp < ").Append(Time(command, PostgresStorable.TimeCeiling(to)));
        }

        Equal(sql, command, "service", filter.Service);
        Equal(sql, command, "route", filter.Route);
        Equal(sql, command, "method", filter.Method);
        Equal(sql, command, "request_id", filter.RequestId);
        Equal(sql, command, "trace_id", filter.TraceId);
        Equal(sql, command, "principal", filter.Principal);
        if (filter.StatusMin is { } min)
        {
            sql.Append(" AND r.status >= ").Append(Add(command, min, NpgsqlDbType.Integer));
        }

        if (filter.StatusMax is { } max)
        {
            sql.Append(" AND r.status <= ").Append(Add(command, max, NpgsqlDbType.Integer));
        }

        if (filter.PathPrefix is { } prefix)
        {
            // Not LIKE: it gives % and _ meaning. starts_with compares the exact characters, case-sensitively.
            sql.Append(" AND starts_with(r.path, ").Append(Text(command, prefix)).Append(')');
        }

        if (query.After is { } after)
        {
            sql.Append(" AND (r.timestamp, r.id) < (")
                .Append(Time(command, PostgresStorable.Time(after.Timestamp)))
                .Append(", ")
                .Append(Add(command, after.Id, NpgsqlDbType.Uuid))
                .Append(')');
        }

        sql.Append(" ORDER BY r.timestamp DESC, r.id DESC LIMIT ").Append(Add(command, query.Limit + 1, NpgsqlDbType.Integer));
        return sql.ToString();
    }

    private static void Equal(StringBuilder sql, NpgsqlCommand command, string column, string? value)
    {
        if (value is null)
        {
            return;
        }

        sql.Append(" AND r.").Append(column).Append(" = ").Append(Text(command, value));
    }

    private static string Text(NpgsqlCommand command, string value) => Add(command, PostgresStorable.Text(value), NpgsqlDbType.Text);

    private static string Time(NpgsqlCommand command, DateTimeOffset value) => Add(command, value, NpgsqlDbType.TimestampTz);

    /// <summary>Adds a positional parameter and returns its placeholder (<c>$1</c>, <c>$2</c>, …).</summary>
    private static string Add<T>(NpgsqlCommand command, T value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value, NpgsqlDbType = type });
        return "$" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
    }
}
