using System.Text.Json;
using Tollgate.Server.Http;
using Tollgate.Server.Problems;

namespace Tollgate.Server.Audit;

/// <summary>
/// What every audit write reads before anything else: the optional <c>Idempotency-Key</c> and the JSON body,
/// bounded in size and depth. Disposing returns the body's pooled buffer.
/// </summary>
internal sealed class AuditWriteRequest : IDisposable
{
    private readonly JsonRequestBody _body;

    private AuditWriteRequest(string? idempotencyKey, JsonRequestBody body)
    {
        IdempotencyKey = idempotencyKey;
        _body = body;
    }

    /// <summary>The client's key, or null when it sent none.</summary>
    public string? IdempotencyKey { get; }

    /// <summary>The parsed body.</summary>
    public JsonElement Root => _body.Root;

    /// <summary>Reads the key and the body, or answers the problem that explains why not.</summary>
    public static async Task<ProblemOr<AuditWriteRequest>> ReadAsync(HttpContext context, long maxBodyBytes, int maxJsonDepth)
    {
        if (!Audit.IdempotencyKey.TryRead(context.Request, out var key))
        {
            return Problem.InvalidIdempotencyKey();
        }

        var read = await JsonRequestBody.ReadAsync(context.Request, maxBodyBytes, maxJsonDepth, context.RequestAborted);
        return read.IsProblem ? read.Problem : new AuditWriteRequest(key, read.Value);
    }

    public void Dispose() => _body.Dispose();
}
