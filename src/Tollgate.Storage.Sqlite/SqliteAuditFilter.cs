using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Audit;
using Tollgate.Core.Json;

namespace Tollgate.Storage.Sqlite;

/// <summary>Translates an <see cref="AuditEventFilter"/> into a parameterised WHERE clause; tenant first, always.</summary>
internal static class SqliteAuditFilter
{
    public const string EventColumns = "id, tenant_id, sequence, timestamp, received_at, user_id, event_type, src_service, target, amends, document, hash";

    public static void AppendWhere(StringBuilder sql, SqliteCommand command, string tenantId, AuditEventFilter filter)
    {
        sql.Append(" WHERE tenant_id = $tenant");
        command.Parameters.AddWithValue("$tenant", tenantId);
        if (filter.From is { } from)
        {
            sql.Append(" AND timestamp >= $from");
            command.Parameters.AddWithValue("$from", SqliteTime.ToMicroseconds(from));
        }

        if (filter.To is { } to)
        {
            sql.Append(" AND timestamp < $to");
            command.Parameters.AddWithValue("$to", SqliteTime.ToMicroseconds(to));
        }

        Equal(sql, command, "src_service", filter.SrcService);
        Equal(sql, command, "event_type", filter.EventType);
        Equal(sql, command, "user_id", filter.UserId);
        Equal(sql, command, "target", filter.Target);
        Equal(sql, command, "request_id", filter.RequestId);
        Equal(sql, command, "trace_id", filter.TraceId);
        if (!string.IsNullOrEmpty(filter.Text))
        {
            // Two steps: a cheap substring test of the canonical document for the needle as JSON escapes it (every
            // matching value contains it), then an exact test over attribute values only, so member names and the
            // server's own fields never match. lower() folds ASCII only.
            sql.Append("""
                 AND instr(lower(CAST(document AS TEXT)), lower($text_escaped)) > 0
                 AND EXISTS (SELECT 1 FROM json_tree(CAST(document AS TEXT)) AS node
                     WHERE node.atom IS NOT NULL AND node.fullkey NOT IN ('$.id', '$.tenant_id', '$.timestamp', '$.received_at', '$.amends')
                     AND instr(lower(CAST(node.atom AS TEXT)), lower($text)) > 0)
                """);
            command.Parameters.AddWithValue("$text", filter.Text);
            command.Parameters.AddWithValue("$text_escaped", CanonicalJson.EscapeContent(filter.Text));
        }
    }

    public static AuditEvent ReadEvent(SqliteDataReader reader) => new()
    {
        Id = new Guid((byte[])reader.GetValue(0), bigEndian: true),
        TenantId = reader.GetString(1),
        Sequence = reader.GetInt64(2),
        Timestamp = SqliteTime.FromMicroseconds(reader.GetInt64(3)),
        ReceivedAt = SqliteTime.FromMicroseconds(reader.GetInt64(4)),
        UserId = reader.GetString(5),
        EventType = reader.GetString(6),
        SrcService = reader.GetString(7),
        Target = reader.IsDBNull(8) ? null : reader.GetString(8),
        Amends = reader.IsDBNull(9) ? null : new Guid((byte[])reader.GetValue(9), bigEndian: true),
        Document = (byte[])reader.GetValue(10),
        Hash = (byte[])reader.GetValue(11),
    };

    private static void Equal(StringBuilder sql, SqliteCommand command, string column, string? value)
    {
        if (value is null)
        {
            return;
        }

        sql.Append(" AND ").Append(column).Append(" = $").Append(column);
        command.Parameters.AddWithValue("$" + column, value);
    }
}
