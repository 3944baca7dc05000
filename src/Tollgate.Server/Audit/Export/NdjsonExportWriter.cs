using System.Buffers;
using Tollgate.Core.Audit;
using Tollgate.Server.Audit.Json;

namespace Tollgate.Server.Audit.Export;

/// <summary>Newline-delimited JSON: one event per line, as the search API shows it.</summary>
internal sealed class NdjsonExportWriter : IAuditExportWriter
{
    public string ContentType => "application/x-ndjson";

    public string Extension => "ndjson";

    public void WriteHeader(IBufferWriter<byte> output)
    {
    }

    public void Write(IBufferWriter<byte> output, AuditEvent auditEvent)
    {
        var span = output.GetSpan(AuditEventJson.MaxLength(auditEvent) + 1);
        var length = AuditEventJson.Write(auditEvent, span);
        span[length] = (byte)'\n';
        output.Advance(length + 1);
    }
}
