using Tollgate.Core.Requests;

namespace Tollgate.Pipeline.Streams;

/// <summary>
/// The payload of a request stream entry: one published batch of <see cref="RequestRecord"/>s, any tenants, with
/// their details. Version <see cref="Version"/>; a change of layout takes a new version, and collectors refuse (dead-letter)
/// versions they do not know rather than guess.
/// </summary>
internal static class RequestBatchCodec
{
    /// <summary>The layout written in the entry's <c>v</c> field.</summary>
    public const int Version = 1;

    private const byte HasDetailFlag = 1;
    private const byte DetailFlag = 2;
    private const byte UpstreamDurationFlag = 4;
    private const byte KnownFlags = HasDetailFlag | DetailFlag | UpstreamDurationFlag;

    public static byte[] Encode(IReadOnlyList<RequestRecord> records)
    {
        var writer = EntryWriter.Rent();
        writer.WriteUnsigned((ulong)records.Count);
        foreach (var record in records)
        {
            Write(writer, record);
        }

        return writer.ToArray();
    }

    /// <exception cref="FormatException">The payload is damaged or not a request batch.</exception>
    public static RequestRecord[] Decode(ReadOnlyMemory<byte> payload)
    {
        var reader = new EntryReader(payload);
        var records = new RequestRecord[reader.ReadCount("record")];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = Read(ref reader);
        }

        reader.EnsureEnd();
        return records;
    }

    private static void Write(EntryWriter writer, RequestRecord record)
    {
        var flags = (byte)((record.HasDetail ? HasDetailFlag : 0)
            | (record.Detail is not null ? DetailFlag : 0)
            | (record.UpstreamDurationMicroseconds is not null ? UpstreamDurationFlag : 0));
        writer.WriteByte(flags);
        writer.WriteGuid(record.Id);
        writer.WriteString(record.TenantId);
        writer.WriteTimestamp(record.Timestamp);
        writer.WriteString(record.Service);
        writer.WriteString(record.Route);
        writer.WriteString(record.Method);
        writer.WriteString(record.RouteTemplate);
        writer.WriteString(record.Path);
        writer.WriteString(record.Query);
        writer.WriteSigned(record.Status);
        writer.WriteSigned(record.DurationMicroseconds);
        if (record.UpstreamDurationMicroseconds is { } upstream)
        {
            writer.WriteSigned(upstream);
        }

        writer.WriteSigned(record.RequestBytes);
        writer.WriteSigned(record.ResponseBytes);
        writer.WriteString(record.ClientIp);
        writer.WriteString(record.UserAgent);
        writer.WriteString(record.Principal);
        writer.WriteString(record.RequestId);
        writer.WriteString(record.TraceId);
        writer.WriteString(record.SpanId);
        writer.WriteString(record.Error);
        if (record.Detail is { } detail)
        {
            WriteHeaders(writer, detail.RequestHeaders);
            WriteHeaders(writer, detail.ResponseHeaders);
            WriteBody(writer, detail.RequestBody);
            WriteBody(writer, detail.ResponseBody);
        }
    }

    private static RequestRecord Read(ref EntryReader reader)
    {
        var flags = reader.ReadByte();
        if ((flags & ~KnownFlags) != 0)
        {
            throw new FormatException($"The payload has unknown record flags {flags}.");
        }

        return new RequestRecord
        {
            HasDetail = (flags & HasDetailFlag) != 0,
            Id = reader.ReadGuid(),
            TenantId = reader.ReadRequiredString("tenant"),
            Timestamp = reader.ReadTimestamp(),
            Service = reader.ReadRequiredString("service"),
            Route = reader.ReadString(),
            Method = reader.ReadRequiredString("method"),
            RouteTemplate = reader.ReadString(),
            Path = reader.ReadRequiredString("path"),
            Query = reader.ReadString(),
            Status = reader.ReadInt32InRange(int.MinValue, int.MaxValue, "status"),
            DurationMicroseconds = reader.ReadSigned(),
            UpstreamDurationMicroseconds = (flags & UpstreamDurationFlag) != 0 ? reader.ReadSigned() : null,
            RequestBytes = reader.ReadSigned(),
            ResponseBytes = reader.ReadSigned(),
            ClientIp = reader.ReadString(),
            UserAgent = reader.ReadString(),
            Principal = reader.ReadString(),
            RequestId = reader.ReadString(),
            TraceId = reader.ReadString(),
            SpanId = reader.ReadString(),
            Error = reader.ReadString(),
            Detail = (flags & DetailFlag) != 0 ? ReadDetail(ref reader) : null,
        };
    }

    private static RequestDetail ReadDetail(ref EntryReader reader) => new(
        ReadHeaders(ref reader),
        ReadHeaders(ref reader),
        ReadBody(ref reader),
        ReadBody(ref reader));

    private static void WriteHeaders(EntryWriter writer, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        writer.WriteUnsigned((ulong)headers.Count);
        foreach (var (name, value) in headers)
        {
            writer.WriteString(name);
            writer.WriteString(value);
        }
    }

    private static KeyValuePair<string, string>[] ReadHeaders(ref EntryReader reader)
    {
        var headers = new KeyValuePair<string, string>[reader.ReadCount("header")];
        for (var i = 0; i < headers.Length; i++)
        {
            headers[i] = new(reader.ReadRequiredString("header name"), reader.ReadRequiredString("header value"));
        }

        return headers;
    }

    private static void WriteBody(EntryWriter writer, CapturedBody? body)
    {
        writer.WriteBoolean(body is not null);
        if (body is not null)
        {
            writer.WriteString(body.ContentType);
            writer.WriteString(body.Text);
            writer.WriteBoolean(body.Truncated);
        }
    }

    private static CapturedBody? ReadBody(ref EntryReader reader) =>
        reader.ReadBoolean()
            ? new CapturedBody(reader.ReadString(), reader.ReadRequiredString("body text"), reader.ReadBoolean())
            : null;
}
