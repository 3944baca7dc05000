using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Npgsql;
using Tollgate.Core.Requests;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// How a <see cref="RequestRecord"/> maps to the <c>requests</c> and <c>request_details</c> columns (migration 0003):
/// the column lists of the reads, the reading of a row, and header lists and bodies in their stored form (headers as
/// JSON <c>[["name","value"],…]</c>, in order, duplicates kept; bodies as UTF-8).
/// </summary>
internal static class PostgresRequestMapping
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

    /// <summary>A writer of header lists for <see cref="WriteHeaders"/>, reusable across rows through <see cref="Utf8JsonWriter.Reset(IBufferWriter{byte})"/>.</summary>
    public static Utf8JsonWriter CreateHeaderWriter(IBufferWriter<byte> buffer) => new(buffer, WriterOptions);

    public static RequestRecord ReadRecord(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        TenantId = reader.GetString(1),
        Timestamp = reader.GetFieldValue<DateTimeOffset>(2),
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
        HasDetail = reader.GetBoolean(HasDetailOrdinal),
    };

    /// <summary>The detail of a row read with <see cref="DetailColumns"/> after <see cref="RecordColumns"/>; null when none was stored.</summary>
    public static RequestDetail? ReadDetail(NpgsqlDataReader reader)
    {
        if (!reader.GetBoolean(HasDetailOrdinal) || reader.IsDBNull(FirstDetailOrdinal))
        {
            return null;
        }

        const int d = FirstDetailOrdinal;
        return new RequestDetail(
            StoredHeaders.Read(reader.GetFieldValue<byte[]>(d)),
            StoredHeaders.Read(reader.GetFieldValue<byte[]>(d + 1)),
            ReadBody(reader, d + 2),
            ReadBody(reader, d + 5));
    }

    /// <summary>
    /// Writes <paramref name="headers"/> as a JSON array of pairs with <paramref name="writer"/> (reset first) into
    /// <paramref name="buffer"/> (cleared first) and returns the UTF-8 JSON, valid until the buffer is next written.
    /// </summary>
    public static ReadOnlyMemory<byte> WriteHeaders(IReadOnlyList<KeyValuePair<string, string>> headers, Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartArray();
        foreach (var (name, value) in headers)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(PostgresStorable.Text(name));
            writer.WriteStringValue(PostgresStorable.Text(value));
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.Flush();
        return buffer.WrittenMemory;
    }

    /// <summary>Encodes a body's text as UTF-8 into <paramref name="buffer"/> (cleared first); valid until the buffer is next written.</summary>
    public static ReadOnlyMemory<byte> WriteBody(string text, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        Encoding.UTF8.GetBytes(text, buffer);
        return buffer.WrittenMemory;
    }

    private static CapturedBody? ReadBody(NpgsqlDataReader reader, int contentTypeOrdinal) =>
        reader.IsDBNull(contentTypeOrdinal + 1)
            ? null
            : new CapturedBody(
                TextOrNull(reader, contentTypeOrdinal),
                Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(contentTypeOrdinal + 1)),
                reader.GetBoolean(contentTypeOrdinal + 2));

    private static string? TextOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
