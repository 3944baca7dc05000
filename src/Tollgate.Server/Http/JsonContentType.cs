using Microsoft.Net.Http.Headers;

namespace Tollgate.Server.Http;

/// <summary>Decides whether a request's Content-Type announces UTF-8 JSON.</summary>
internal static class JsonContentType
{
    public const string MergePatch = "application/merge-patch+json";

    /// <summary>
    /// True for <c>application/json</c> and any <c>application/*+json</c> (which includes merge patches), with no
    /// charset or a UTF-8 one.
    /// </summary>
    public static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var isJson = mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
                && mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
        var charset = mediaType.Charset;
        return isJson && (!charset.HasValue
            || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }
}
