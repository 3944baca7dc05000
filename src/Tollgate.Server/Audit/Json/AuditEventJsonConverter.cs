using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tollgate.Core.Audit;

namespace Tollgate.Server.Audit.Json;

/// <summary>Serializes a stored <see cref="AuditEvent"/> through <see cref="AuditEventJson"/>; write-only.</summary>
internal sealed class AuditEventJsonConverter : JsonConverter<AuditEvent>
{
    public override AuditEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Stored audit events are written, never read, by the HTTP API.");

    public override void Write(Utf8JsonWriter writer, AuditEvent value, JsonSerializerOptions options)
    {
        var rented = ArrayPool<byte>.Shared.Rent(AuditEventJson.MaxLength(value));
        try
        {
            var length = AuditEventJson.Write(value, rented);
            writer.WriteRawValue(rented.AsSpan(0, length), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
