using System.Net;

namespace Tollgate.LoadHarness;

/// <summary>HTTP clients for the load: one connection pool each, loopback only, no proxy, no cookies, an API key.</summary>
internal static class LoadClients
{
    public static HttpClient Create(Uri baseAddress, string apiKey)
    {
        if (!IPAddress.IsLoopback(IPAddress.Parse(baseAddress.Host)))
        {
            throw new ArgumentException("The harness only talks to 127.0.0.1.", nameof(baseAddress));
        }

        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }
}
