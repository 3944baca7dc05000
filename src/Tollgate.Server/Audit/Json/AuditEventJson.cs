using System.Buffers;
using System.Globalization;
using Tollgate.Core.Audit;

namespace Tollgate.Server.Audit.Json;

/// <summary>
/// Writes a stored event as the API shows it, <c>{"sequence":N,"hash":"&lt;hex&gt;",…document members…}</c>, by
/// splicing the stored canonical document's bytes after its opening brace: no event is parsed to be shown.
/// </summary>
internal static class AuditEventJson
{
    /// <summary>Room for <c>{"sequence":</c>, 20 digits, <c>,"hash":"</c>, 64 hex digits and <c>",</c>.</summary>
    private const int PrefixRoom = 128;

    /// <summary>An upper bound of the bytes <see cref="Write(AuditEvent, Span{byte}, bool)"/> writes.</summary>
    public static int MaxLength(AuditEvent auditEvent) => auditEvent.Document.Length + PrefixRoom;

    /// <summary>Writes the event; without <paramref name="close"/> the final <c>}</c> is left off, so members can follow.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(AuditEvent auditEvent, Span<byte> destination, bool close = true)
    {
        var document = auditEvent.Document.Span;
        if (document.Length < 2 || document[0] != (byte)'{' || document[^1] != (byte)'}')
        {
            throw new InvalidOperationException($"The stored document of event {auditEvent.Id} is not a JSON object.");
        }

        var members = document[1..^1];
        var at = Append(destination, 0, "{\"sequence\":"u8);
        auditEvent.Sequence.TryFormat(destination[at..], out var written, default, CultureInfo.InvariantCulture);
        at += written;
        at = Append(destination, at, ",\"hash\":\""u8);
        Convert.TryToHexStringLower(auditEvent.Hash.Span, destination[at..], out written);
        at += written;
        at = Append(destination, at, members.IsEmpty ? "\""u8 : "\","u8);
        at = Append(destination, at, members);
        return close ? Append(destination, at, "}"u8) : at;
    }

    /// <summary>Writes the event, closed, to <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, AuditEvent auditEvent)
    {
        var span = writer.GetSpan(MaxLength(auditEvent));
        writer.Advance(Write(auditEvent, span));
    }

    private static int Append(Span<byte> destination, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[at..]);
        return at + bytes.Length;
    }
}
