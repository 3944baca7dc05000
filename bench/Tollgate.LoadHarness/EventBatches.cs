using System.Text.Json;
using Tollgate.Core;
using Tollgate.Core.Audit;

namespace Tollgate.LoadHarness;

/// <summary>
/// Turns bulk bodies into the batches the server would hand its store, through the same <see cref="AuditEventReader"/>
/// with the bulk call's shape, so RAW inserts exactly the rows BULK does.
/// </summary>
internal static class EventBatches
{
    private static readonly AuditEventReader Reader = new(new AuditEventLimits());

    public static NewAuditEvent[][] Read(IReadOnlyList<byte[]> bodies)
    {
        var batches = new NewAuditEvent[bodies.Count][];
        var errors = new List<AuditFieldError>();
        for (var b = 0; b < bodies.Count; b++)
        {
            using var document = JsonDocument.Parse(bodies[b]);
            var receivedAt = DateTimeOffset.UtcNow;
            var batch = new NewAuditEvent[document.RootElement.GetArrayLength()];
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var context = new AuditEventContext { TenantId = Tenants.Default, ReceivedAt = receivedAt, Shape = AuditEventShape.V1, Index = index };
                batch[index++] = Reader.Read(item, context, errors)
                    ?? throw new InvalidOperationException($"The generated event {index - 1} of body {b} is invalid: {errors[^1].Field} {errors[^1].Message}");
            }

            batches[b] = batch;
        }

        return batches;
    }
}
