using System.Buffers;
using System.Text;
using Npgsql;
using Tollgate.Core.Audit;
using Tollgate.Core.Json;

namespace Tollgate.Storage.Postgres;

/// <summary>Translates an <see cref="AuditEventFilter"/> into a parameterised WHERE clause; tenant first, always.</summary>
internal static class PostgresAuditFilter
{
    public const string EventColumns = "id, tenant_id, sequence, timestamp, received_at, user_id, event_type, src_service, target, amends, document, hash";

    // translate() folds ASCII letters only, whatever the database's collation, as AuditEventFilter.Text promises.
    private const string FoldAscii = "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'";

    public static void AppendWhere(StringBuilder sql, NpgsqlParameterCollection parameters, string tenantId, AuditEventFilter filter)
    {
        sql.Append(" WHERE tenant_id = ").Append(Add(parameters, tenantId));
        if (filter.From is { } from)
        {
            sql.Append(" AND timestamp >= ").Append(Add(parameters, from.ToUniversalTime()));
        }

        if (filter.To is { } to)
        {
            sql.Append(" AND timestamp < ").Append(Add(parameters, to.ToUniversalTime()));
        }

        Equal(sql, parameters, "src_service", filter.SrcService);
        Equal(sql, parameters, "event_type", filter.EventType);
        Equal(sql, parameters, "user_id", filter.UserId);
        Equal(sql, parameters, "target", filter.Target);
        Equal(sql, parameters, "request_id", filter.RequestId);
        Equal(sql, parameters, "trace_id", filter.TraceId);
        if (!string.IsNullOrEmpty(filter.Text))
        {
            // Two steps, as in the SQLite store: a cheap substring test of the canonical document for the needle as
            // JSON escapes it (every matching value contains it), then an exact test over attribute values only, so
            // member names and the server's own fields never match. strpos has no wildcards, so % and _ are literal.
            var escaped = Add(parameters, FoldAsciiCase(CanonicalJson.EscapeContent(filter.Text)));
            var text = Add(parameters, FoldAsciiCase(filter.Text));
            sql.Append($$"""
                 AND strpos(translate(convert_from(document, 'UTF8'), {{FoldAscii}}), {{escaped}}) > 0
                 AND EXISTS (SELECT 1 FROM jsonb_each(convert_from(document, 'UTF8')::jsonb) AS member(name, value),
                         jsonb_path_query(member.value, 'strict $.**') AS node(value)
                     WHERE member.name NOT IN ('id', 'tenant_id', 'timestamp', 'received_at', 'amends')
                     AND jsonb_typeof(node.value) IN ('string', 'number', 'boolean')
                     AND strpos(translate(node.value #>> '{}', {{FoldAscii}}), {{text}}) > 0)
                """);
        }
    }

    /// <summary>Adds a positional parameter and returns its placeholder (<c>$n</c>).</summary>
    public static string Add<T>(NpgsqlParameterCollection parameters, T value)
    {
        parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return "$" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static AuditEvent ReadEvent(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        TenantId = reader.GetString(1),
        Sequence = reader.GetInt64(2),
        Timestamp = reader.GetFieldValue<DateTimeOffset>(3),
        ReceivedAt = reader.GetFieldValue<DateTimeOffset>(4),
        UserId = reader.GetString(5),
        EventType = reader.GetString(6),
        SrcService = reader.GetString(7),
        Target = reader.IsDBNull(8) ? null : reader.GetString(8),
        Amends = reader.IsDBNull(9) ? null : reader.GetGuid(9),
        Document = reader.GetFieldValue<byte[]>(10),
        Hash = reader.GetFieldValue<byte[]>(11),
    };

    private static string FoldAsciiCase(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] | 0x20) : source[i];
            }
        });

    private static void Equal(StringBuilder sql, NpgsqlParameterCollection parameters, string column, string? value)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(column).Append(" = ").Append(Add(parameters, value));
        }
    }
}
