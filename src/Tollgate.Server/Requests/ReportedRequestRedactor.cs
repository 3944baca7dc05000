using System.Text;
using Microsoft.Extensions.Primitives;
using Tollgate.Core.Requests;
using Tollgate.Gateway.Capture;

namespace Tollgate.Server.Requests;

/// <summary>
/// Redacts reported requests with the gateway's own rules: the <see cref="CapturePolicy"/> compiled from
/// <c>Gateway:Capture</c> (recompiled when the configuration reloads) masks the query, the headers by allow-list and
/// the bodies, exactly as it does for proxied requests. Unlike the gateway, it keeps the headers and bodies whatever
/// <c>Gateway:Capture:Mode</c> says, and does not cut bodies to <c>Gateway:Capture:MaxBodyBytes</c>: the reporting
/// service chose what to send.
/// </summary>
/// <remarks>Thread-safe; registered as a singleton.</remarks>
internal sealed class ReportedRequestRedactor : IDisposable
{
    private readonly IConfiguration configuration;
    private readonly ILogger<ReportedRequestRedactor> logger;
    private readonly IDisposable reloads;
    private volatile CapturePolicy policy;

    public ReportedRequestRedactor(IConfiguration configuration, ILogger<ReportedRequestRedactor> logger)
    {
        this.configuration = configuration;
        this.logger = logger;
        policy = Compile();
        reloads = ChangeToken.OnChange(configuration.GetReloadToken, Recompile);
    }

    /// <summary>The record with its query, headers and bodies as the gateway would store them.</summary>
    public RequestRecord Redact(RequestRecord record)
    {
        var current = policy;
        return record with
        {
            Query = current.RedactQuery(record.Query),
            Detail = record.Detail is { } detail
                ? new RequestDetail(
                    RedactHeaders(current, detail.RequestHeaders),
                    RedactHeaders(current, detail.ResponseHeaders),
                    RedactBody(current, detail.RequestBody),
                    RedactBody(current, detail.ResponseBody))
                : null,
        };
    }

    public void Dispose() => reloads.Dispose();

    /// <summary>One header at a time, so their order and repeats survive (a header dictionary would merge repeats).</summary>
    private static KeyValuePair<string, string>[] RedactHeaders(CapturePolicy policy, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var redacted = new KeyValuePair<string, string>[headers.Count];
        for (var i = 0; i < redacted.Length; i++)
        {
            var (name, value) = headers[i];
            redacted[i] = policy.RedactHeaders(new HeaderDictionary { [name] = value })[0];
        }

        return redacted;
    }

    /// <summary>
    /// The body redacted by its media type, or null for a media type the gateway does not capture (binary, multipart,
    /// none), since only a known text type can be redacted reliably. Masks can make a body longer: it is then cut to
    /// <see cref="RequestLimits.MaxBodyBytes"/> at a character boundary and marked truncated.
    /// </summary>
    private static CapturedBody? RedactBody(CapturePolicy policy, CapturedBody? body)
    {
        if (body is null || !CapturePolicy.IsCapturable(body.ContentType))
        {
            return null;
        }

        var text = policy.RedactBody(Encoding.UTF8.GetBytes(body.Text), body.ContentType, body.Truncated);
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes <= RequestLimits.MaxBodyBytes)
        {
            return body with { Text = text };
        }

        var utf8 = Encoding.UTF8.GetBytes(text);
        var cut = RequestLimits.MaxBodyBytes;
        while ((utf8[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return body with { Text = Encoding.UTF8.GetString(utf8, 0, cut), Truncated = true };
    }

    private CapturePolicy Compile() =>
        CapturePolicy.Create(configuration.GetSection(CaptureOptions.SectionName).Get<CaptureOptions>() ?? new CaptureOptions());

    private void Recompile()
    {
        try
        {
            policy = Compile();
        }
        catch (ArgumentException ex)
        {
            RequestsApiLog.RedactionReloadRefused(logger, ex.Message);
        }
    }
}
