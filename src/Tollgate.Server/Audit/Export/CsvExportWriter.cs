using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Tollgate.Core.Audit;

namespace Tollgate.Server.Audit.Export;

/// <summary>
/// RFC 4180 CSV with a header row and CRLF line ends. A cell holding <c>,</c> <c>"</c> CR or LF is quoted, with
/// quotes doubled. Against formula injection, a cell that starts with <c>=</c> <c>+</c> <c>-</c> <c>@</c> TAB or CR
/// gets a leading <c>'</c>, so spreadsheets show it as text. Strings are unescaped; objects stay JSON; every
/// top-level member without a column of its own goes to <c>extra</c> as one JSON object.
/// </summary>
/// <remarks>Reads each stored document with a forward-only <see cref="Utf8JsonReader"/>; builds no DOM.</remarks>
internal sealed class CsvExportWriter : IAuditExportWriter
{
    private const int Id = 0;
    private const int Sequence = 1;
    private const int Timestamp = 2;
    private const int ReceivedAt = 3;
    private const int TenantId = 4;
    private const int UserId = 5;
    private const int EventType = 6;
    private const int SrcService = 7;
    private const int Target = 8;
    private const int Message = 9;
    private const int RequestId = 10;
    private const int TraceId = 11;
    private const int SpanId = 12;
    private const int Amends = 13;
    private const int InvariantData = 14;
    private const int AppData = 15;
    private const int Extra = 16;
    private const int Hash = 17;
    private const int ColumnCount = 18;

    private static readonly (byte[] Name, int Column)[] Named =
    [
        ("id"u8.ToArray(), Id),
        ("timestamp"u8.ToArray(), Timestamp),
        ("received_at"u8.ToArray(), ReceivedAt),
        ("tenant_id"u8.ToArray(), TenantId),
        ("user_id"u8.ToArray(), UserId),
        ("event_type"u8.ToArray(), EventType),
        ("src_service"u8.ToArray(), SrcService),
        ("target"u8.ToArray(), Target),
        ("message"u8.ToArray(), Message),
        ("request_id"u8.ToArray(), RequestId),
        ("trace_id"u8.ToArray(), TraceId),
        ("span_id"u8.ToArray(), SpanId),
        ("amends"u8.ToArray(), Amends),
        ("invariant_data"u8.ToArray(), InvariantData),
        ("app_data"u8.ToArray(), AppData),
    ];

    private static readonly SearchValues<byte> NeedsQuoting = SearchValues.Create(",\"\r\n"u8);

    private readonly ArrayBufferWriter<byte> _cells = new(4096);
    private readonly ArrayBufferWriter<byte> _extra = new(1024);
    private readonly (int Start, int Length)[] _columns = new (int, int)[ColumnCount];

    public string ContentType => "text/csv; charset=utf-8; header=present";

    public string Extension => "csv";

    public void WriteHeader(IBufferWriter<byte> output) =>
        output.Write("id,sequence,timestamp,received_at,tenant_id,user_id,event_type,src_service,target,message,request_id,trace_id,span_id,amends,invariant_data,app_data,extra,hash\r\n"u8);

    public void Write(IBufferWriter<byte> output, AuditEvent auditEvent)
    {
        _cells.ResetWrittenCount();
        _extra.ResetWrittenCount();
        Array.Clear(_columns);
        ReadDocument(auditEvent.Document.Span);

        var start = _cells.WrittenCount;
        var span = _cells.GetSpan(20);
        auditEvent.Sequence.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        _cells.Advance(written);
        _columns[Sequence] = (start, written);

        start = _cells.WrittenCount;
        span = _cells.GetSpan(auditEvent.Hash.Length * 2);
        Convert.TryToHexStringLower(auditEvent.Hash.Span, span, out written);
        _cells.Advance(written);
        _columns[Hash] = (start, written);

        start = _cells.WrittenCount;
        _cells.Write("{"u8);
        _cells.Write(_extra.WrittenSpan);
        _cells.Write("}"u8);
        _columns[Extra] = (start, _cells.WrittenCount - start);

        var cells = _cells.WrittenSpan;
        for (var column = 0; column < ColumnCount; column++)
        {
            if (column > 0)
            {
                output.Write(","u8);
            }

            var (cellStart, cellLength) = _columns[column];
            WriteCell(output, cells.Slice(cellStart, cellLength));
        }

        output.Write("\r\n"u8);
    }

    private void ReadDocument(ReadOnlySpan<byte> document)
    {
        var reader = new Utf8JsonReader(document);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var memberStart = (int)reader.TokenStartIndex;
            var column = ColumnOf(ref reader);
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }

            var valueEnd = (int)reader.BytesConsumed;
            if (column < 0)
            {
                if (_extra.WrittenCount > 0)
                {
                    _extra.Write(","u8);
                }

                _extra.Write(document[memberStart..valueEnd]);
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                AddString(column, ref reader);
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                AddRaw(column, document[valueStart..valueEnd]);
            }
        }
    }

    private static int ColumnOf(ref Utf8JsonReader reader)
    {
        foreach (var (name, column) in Named)
        {
            if (reader.ValueTextEquals(name))
            {
                return column;
            }
        }

        return -1;
    }

    private void AddString(int column, ref Utf8JsonReader reader)
    {
        var start = _cells.WrittenCount;
        if (reader.ValueIsEscaped)
        {
            var span = _cells.GetSpan(reader.ValueSpan.Length);
            _cells.Advance(reader.CopyString(span));
        }
        else
        {
            _cells.Write(reader.ValueSpan);
        }

        _columns[column] = (start, _cells.WrittenCount - start);
    }

    private void AddRaw(int column, ReadOnlySpan<byte> json)
    {
        var start = _cells.WrittenCount;
        _cells.Write(json);
        _columns[column] = (start, json.Length);
    }

    private static void WriteCell(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        var formula = !value.IsEmpty && value[0] is (byte)'=' or (byte)'+' or (byte)'-' or (byte)'@' or (byte)'\t' or (byte)'\r';
        var quote = value.IndexOfAny(NeedsQuoting) >= 0;
        if (!quote)
        {
            if (formula)
            {
                output.Write("'"u8);
            }

            output.Write(value);
            return;
        }

        output.Write("\""u8);
        if (formula)
        {
            output.Write("'"u8);
        }

        while (true)
        {
            var quoteAt = value.IndexOf((byte)'"');
            if (quoteAt < 0)
            {
                output.Write(value);
                break;
            }

            output.Write(value[..(quoteAt + 1)]);
            output.Write("\""u8);
            value = value[(quoteAt + 1)..];
        }

        output.Write("\""u8);
    }
}
