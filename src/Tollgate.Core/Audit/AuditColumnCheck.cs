using System.Text.Json;

namespace Tollgate.Core.Audit;

/// <summary>
/// Part of chain verification every store shares: the typed columns a store filters on are copies of members of the
/// hashed document, so an edit to a column alone (which the hash does not cover) must still be caught.
/// </summary>
public static class AuditColumnCheck
{
    /// <summary>
    /// Null when every typed column of <paramref name="stored"/> (and the stored request and trace ids) says what its
    /// hashed document says; otherwise which column no longer does, or why the document cannot be read.
    /// </summary>
    public static string? FindMismatch(AuditEvent stored, string? requestId, string? traceId)
    {
        ArgumentNullException.ThrowIfNull(stored);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stored.Document);
        }
        catch (JsonException)
        {
            return "the hashed document is not valid JSON";
        }

        using var owned = document;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the hashed document is not a JSON object";
        }

        string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        var checks = new (string Column, string? Stored, string? Hashed)[]
        {
            (AuditFields.Id, stored.Id.ToString("D"), Text(AuditFields.Id)),
            (AuditFields.TenantId, stored.TenantId, Text(AuditFields.TenantId)),
            (AuditFields.Timestamp, AuditEventReader.Format(stored.Timestamp), Text(AuditFields.Timestamp)),
            (AuditFields.ReceivedAt, AuditEventReader.Format(stored.ReceivedAt), Text(AuditFields.ReceivedAt)),
            (AuditFields.UserId, stored.UserId, Text(AuditFields.UserId)),
            (AuditFields.EventType, stored.EventType, Text(AuditFields.EventType)),
            (AuditFields.SrcService, stored.SrcService, Text(AuditFields.SrcService)),
            (AuditFields.Target, stored.Target, Text(AuditFields.Target)),
            (AuditFields.RequestId, requestId, Text(AuditFields.RequestId)),
            (AuditFields.TraceId, traceId, Text(AuditFields.TraceId)),
            (AuditFields.Amends, stored.Amends?.ToString("D"), Text(AuditFields.Amends)),
        };
        foreach (var (column, value, hashed) in checks)
        {
            if (!string.Equals(value, hashed, StringComparison.Ordinal))
            {
                return $"the {column} column no longer matches the hashed document";
            }
        }

        return null;
    }
}
