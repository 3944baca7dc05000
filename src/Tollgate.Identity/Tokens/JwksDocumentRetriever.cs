using Microsoft.IdentityModel.Protocols;

namespace Tollgate.Identity.Tokens;

/// <summary>
/// Fetches external issuers' JSON Web Key Sets with a short timeout and a size cap, so a slow or hostile endpoint can
/// neither hold requests nor fill memory. Redirects are not followed: the configured URL is the key set.
/// </summary>
internal sealed class JwksDocumentRetriever : IDocumentRetriever, IDisposable
{
    /// <summary>Largest key set accepted; real ones are a few kilobytes.</summary>
    public const int MaxDocumentBytes = 64 * 1024;

    /// <summary>How long one fetch may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = Timeout,
    })
    {
        Timeout = Timeout,
        MaxResponseContentBufferSize = MaxDocumentBytes,
    };

    public Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        // Checked at start-up too; repeated here because this is where plain http would leak.
        if (!JwtOptionsValidator.IsAcceptableJwksUrl(address))
        {
            throw new InvalidOperationException($"Refusing to fetch a key set over plain http from a non-loopback host: {address}");
        }

        return _client.GetStringAsync(new Uri(address), cancel);
    }

    public void Dispose() => _client.Dispose();
}
