using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Server.Audit.Json;

/// <summary>Serializes an <see cref="AuditEventDetail"/> by splicing stored documents; write-only.</summary>
internal sealed class AuditEventDetailJsonConverter : JsonConverter<AuditEventDetail>
{
    public override AuditEventDetail Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Event details are written, never read, by the HTTP API.");

    public override void Write(Utf8JsonWriter writer, AuditEventDetail value, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(AuditEventJson.MaxLength(value.Event) + 32);
        var span = buffer.GetSpan(AuditEventJson.MaxLength(value.Event));
        buffer.Advance(AuditEventJson.Write(value.Event, span, close: false));
        buffer.Write(",\"amendments\":["u8);
        for (var i = 0; i < value.Amendments.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write(","u8);
            }

            AuditEventJson.Write(buffer, value.Amendments[i]);
        }

        buffer.Write("]}"u8);
        writer.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
    }
}
