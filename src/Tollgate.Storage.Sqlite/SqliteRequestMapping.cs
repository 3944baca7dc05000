using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Requests;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// How a <see cref="RequestRecord"/> maps to the <c>requests</c> and <c>request_details</c> columns: the column lists
/// of the reads, the reading of a row, and the JSON form of header lists (<c>[["name","value"],…]</c>, in order,
/// duplicates kept).
/// </summary>
internal static class SqliteRequestMapping
{
    /// <summary>The <c>requests</c> columns every read selects, in the order <see cref="ReadRecord"/> reads them (alias <c>r</c>).</summary>
    public const string RecordColumns =
        "r.id, r.tenant_id, r.timestamp, r.service, r.route, r.method, r.route_template, r.path, r.query, r.status, " +
        "r.duration_us, r.upstream_duration_us, r.request_bytes, r.response_bytes, r.client_ip, r.user_agent, r.principal, " +
        "r.request_id, r.trace_id, r.span_id, r.error, r.has_detail";

    /// <summary>The <c>request_details</c> columns (alias <c>d</c>), read after <see cref="RecordColumns"/> by <see cref="ReadDetail"/>.</summary>
    public const string DetailColumns =
        "d.request_headers, d.response_headers, d.request_content_type, d.request_body, d.request_truncated, " +
        "d.response_content_type, d.response_body, d.response_truncated";

    private const int HasDetailOrdinal = 21;
    private const int FirstDetailOrdinal = 22;

    // Relaxed escaping keeps non-ASCII header text readable and compact; the JSON is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static RequestRecord ReadRecord(SqliteDataReader reader) => new()
    {
        Id = new Guid((byte[])reader.GetValue(0), bigEndian: true),
        TenantId = reader.GetString(1),
        Timestamp = SqliteTime.FromMicroseconds(reader.GetInt64(2)),
        Service = reader.GetString(3),
        Route = TextOrNull(reader, 4),
        Method = reader.GetString(5),
        RouteTemplate = TextOrNull(reader, 6),
        Path = reader.GetString(7),
        Query = TextOrNull(reader, 8),
        Status = reader.GetInt32(9),
        DurationMicroseconds = reader.GetInt64(10),
        UpstreamDurationMicroseconds = reader.IsDBNull(11) ? null : reader.GetInt64(11),
        RequestBytes = reader.GetInt64(12),
        ResponseBytes = reader.GetInt64(13),
        ClientIp = TextOrNull(reader, 14),
        UserAgent = TextOrNull(reader, 15),
        Principal = TextOrNull(reader, 16),
        RequestId = TextOrNull(reader, 17),
        TraceId = TextOrNull(reader, 18),
        SpanId = TextOrNull(reader, 19),
        Error = TextOrNull(reader, 20),
        HasDetail = reader.GetInt64(HasDetailOrdinal) != 0,
    };

    /// <summary>The detail of a row read with <see cref="DetailColumns"/> after <see cref="RecordColumns"/>; null when none was stored.</summary>
    public static RequestDetail? ReadDetail(SqliteDataReader reader)
    {
        if (reader.GetInt64(HasDetailOrdinal) == 0 || reader.IsDBNull(FirstDetailOrdinal))
        {
            return null;
        }

        const int d = FirstDetailOrdinal;
        return new RequestDetail(
            StoredHeaders.Read(Encoding.UTF8.GetBytes(reader.GetString(d))),
            StoredHeaders.Read(Encoding.UTF8.GetBytes(reader.GetString(d + 1))),
            ReadBody(reader, d + 2),
            ReadBody(reader, d + 5));
    }

    /// <summary>Writes <paramref name="headers"/> as a JSON array of pairs into <paramref name="buffer"/> (cleared first) and returns the text.</summary>
    public static string WriteHeaders(IReadOnlyList<KeyValuePair<string, string>> headers, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var (name, value) in headers)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(name);
                writer.WriteStringValue(value);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static CapturedBody? ReadBody(SqliteDataReader reader, int contentTypeOrdinal) =>
        reader.IsDBNull(contentTypeOrdinal + 1)
            ? null
            : new CapturedBody(TextOrNull(reader, contentTypeOrdinal), reader.GetString(contentTypeOrdinal + 1), reader.GetInt64(contentTypeOrdinal + 2) != 0);

    private static string? TextOrNull(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
