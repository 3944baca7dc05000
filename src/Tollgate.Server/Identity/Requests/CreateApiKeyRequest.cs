namespace Tollgate.Server.Identity.Requests;

/// <summary>Body of <c>POST /api/v1/keys</c>.</summary>
/// <param name="Name">What the key is for (1–100 characters).</param>
/// <param name="Scopes">Any of ingest, read, admin.</param>
/// <param name="Signing">none (default), optional or required.</param>
/// <param name="ExpiresAt">When the key stops working; omit for never.</param>
public sealed record CreateApiKeyRequest(string Name, IReadOnlyList<string> Scopes, string? Signing = null, DateTimeOffset? ExpiresAt = null);
