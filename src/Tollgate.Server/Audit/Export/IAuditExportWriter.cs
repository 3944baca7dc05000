using System.Buffers;
using Tollgate.Core.Audit;

namespace Tollgate.Server.Audit.Export;

/// <summary>Writes events in one export format. One instance per export; not thread-safe.</summary>
internal interface IAuditExportWriter
{
    /// <summary>The media type of the output.</summary>
    string ContentType { get; }

    /// <summary>The file name extension, without the dot.</summary>
    string Extension { get; }

    /// <summary>Writes what comes before the first event, if anything.</summary>
    void WriteHeader(IBufferWriter<byte> output);

    /// <summary>Writes one event.</summary>
    void Write(IBufferWriter<byte> output, AuditEvent auditEvent);
}
