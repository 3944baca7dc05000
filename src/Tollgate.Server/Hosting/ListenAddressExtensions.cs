using Tollgate.Server.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Chooses the server's default listen address.</summary>
public static class ListenAddressExtensions
{
    /// <summary>
    /// Binds <c>http://127.0.0.1:5080</c>, or <c>http://127.0.0.1:$PORT</c> when the <c>PORT</c> environment variable
    /// is set, unless <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>ASPNETCORE_HTTP_PORTS</c> say otherwise.
    /// </summary>
    public static WebApplicationBuilder UseTollgateListenAddress(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (ListenAddress.Resolve(builder.Configuration) is { } url)
        {
            builder.WebHost.UseUrls(url);
        }

        return builder;
    }
}
