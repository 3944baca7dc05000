using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Tollgate.Core.Requests;

namespace Tollgate.Gateway.Capture;

/// <summary>
/// A route's compiled capture settings: the mode, the body cap and the redaction rules (name sets frozen, JSON paths
/// compiled into an automaton), built once per configuration load by <see cref="Create"/> so the request path only
/// looks things up. Immutable and thread-safe: one instance serves every request of its route.
/// </summary>
/// <remarks>
/// Redaction never stores a value it could not inspect: headers are kept by allow-list, a cut JSON body drops its
/// incomplete last token, a cut text body its last word, and a body that claims JSON but is not gets the text rules.
/// </remarks>
public sealed class CapturePolicy
{
    private readonly HeaderRedactor headers;
    private readonly QueryRedactor query;
    private readonly QueryRedactor form;
    private readonly JsonBodyRedactor json;

    private CapturePolicy(CaptureOptions options)
    {
        Mode = options.Mode ?? CaptureMode.Metadata;
        MaxBodyBytes = options.MaxBodyBytes ?? CaptureDefaults.MaxBodyBytes;
        DetectSecrets = options.DetectSecrets ?? true;
        var fieldNames = CaptureDefaults.RedactedJsonFields.Concat(options.RedactJsonFields).ToArray();
        var queryNames = CaptureDefaults.RedactedQueryParameters.Concat(options.RedactQueryParameters).ToArray();
        query = new QueryRedactor(new SensitiveNames(queryNames), DetectSecrets);
        form = new QueryRedactor(new SensitiveNames(fieldNames.Concat(queryNames)), DetectSecrets);
        json = new JsonBodyRedactor(new SensitiveNames(fieldNames), JsonPathMatcher.Create(options.RedactJsonPaths), DetectSecrets);
        headers = new HeaderRedactor(
            CaptureDefaults.AllowedHeaders.Concat(options.AllowedHeaders),
            CaptureDefaults.RedactedHeaders.Concat(options.RedactHeaders),
            query,
            DetectSecrets);
    }

    /// <summary>The policy of default options: metadata only, and the default rules should a caller redact anyway.</summary>
    public static CapturePolicy Default { get; } = new(new CaptureOptions());

    /// <summary>What is recorded.</summary>
    public CaptureMode Mode { get; }

    /// <summary>Bytes of each body copied per direction when <see cref="Mode"/> is <see cref="CaptureMode.Bodies"/>.</summary>
    public int MaxBodyBytes { get; }

    /// <summary>Whether stored text is scanned for card numbers, bearer tokens, JWTs and Tollgate keys.</summary>
    public bool DetectSecrets { get; }

    /// <summary>
    /// Compiles <paramref name="options"/> (merged with <see cref="CaptureOptions.Merge"/> for a route); throws
    /// <see cref="ArgumentException"/> with <see cref="CaptureOptions.Validate"/>'s messages when they are invalid.
    /// </summary>
    public static CapturePolicy Create(CaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        return failures.Count == 0
            ? new CapturePolicy(options)
            : throw new ArgumentException(string.Join(" ", failures), nameof(options));
    }

    /// <summary>
    /// True for bodies worth storing as text: JSON (<c>application/json</c>, <c>*/*+json</c>, NDJSON), <c>text/*</c>,
    /// form posts, XML and JavaScript; false for binary, multipart and a missing media type.
    /// </summary>
    public static bool IsCapturable(string? contentType) => Classify(contentType) != CaptureBodyKind.None;

    /// <summary>
    /// <see cref="IsCapturable(string?)"/>, and the body is not compressed: a <c>Content-Encoding</c> other than
    /// <c>identity</c> makes the bytes unreadable as text.
    /// </summary>
    public static bool IsCapturable(string? contentType, StringValues contentEncoding) =>
        IsCapturable(contentType)
        && (StringValues.IsNullOrEmpty(contentEncoding)
            || (contentEncoding.Count == 1 && string.Equals(contentEncoding[0], "identity", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// The headers as stored: every name in order (at most <see cref="RequestLimits.MaxHeaders"/>), a value only for
    /// allowed headers that are not credentials (multiple values joined by <c>", "</c>, secrets masked, cut at
    /// <see cref="RequestLimits.MaxHeaderValueLength"/>), <see cref="RequestRedaction.Mask"/> for every other value.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> RedactHeaders(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return this.headers.Redact(headers);
    }

    /// <summary>
    /// The query as stored, without a leading <c>?</c>: values of sensitive parameters masked, secrets in other values
    /// masked, cut at <see cref="RequestLimits.MaxQueryLength"/> after redaction; null for no query. The same string
    /// is returned when nothing was masked or cut.
    /// </summary>
    public string? RedactQuery(string? query)
    {
        var text = query is ['?', ..] ? query.AsSpan(1) : query.AsSpan();
        if (text.IsEmpty)
        {
            return null;
        }

        var output = new SpanRewriter<char>(text);
        try
        {
            this.query.Redact(text, 0, ref output);
            var redacted = output.Complete(text.Length);
            if (redacted.Length > RequestLimits.MaxQueryLength)
            {
                var cut = RequestLimits.MaxQueryLength;
                redacted = redacted[..(char.IsHighSurrogate(redacted[cut - 1]) ? cut - 1 : cut)];
            }

            return !output.Changed && redacted.Length == query!.Length ? query : new string(redacted);
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>
    /// A body as stored: JSON with sensitive members, configured paths and detected secrets masked (a cut body keeps
    /// only its complete tokens; a body that is not JSON gets the text rules), form posts redacted like a query, any
    /// other type scanned for secrets (a cut body loses its last, possibly partial, word). A multi-byte character cut
    /// at the end of a <paramref name="truncated"/> body is dropped. Not cut to any length: see <see cref="CaptureBody"/>.
    /// </summary>
    public string RedactBody(ReadOnlySpan<byte> utf8, string? contentType, bool truncated) =>
        Redact(utf8, Classify(contentType), truncated, int.MaxValue, out _);

    /// <summary>
    /// The body a <see cref="BodyCaptureBuffer"/> holds, redacted by <see cref="RedactBody"/> and cut to the buffer's
    /// cap at a character boundary (masks can make text longer); null when <see cref="Mode"/> is not
    /// <see cref="CaptureMode.Bodies"/>, the buffer stopped capturing, or the media type is not capturable.
    /// </summary>
    public CapturedBody? CaptureBody(BodyCaptureBuffer buffer, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var kind = Classify(contentType);
        if (Mode != CaptureMode.Bodies || !buffer.IsCapturing || kind == CaptureBodyKind.None)
        {
            return null;
        }

        var text = Redact(buffer.WrittenSpan, kind, buffer.Truncated, buffer.MaxBytes, out var cut);
        return new CapturedBody(contentType, text, buffer.Truncated || cut);
    }

    private string Redact(ReadOnlySpan<byte> utf8, CaptureBodyKind kind, bool truncated, int maxBytes, out bool cut)
    {
        if (truncated)
        {
            utf8 = utf8[..Utf8Boundary.CompleteLength(utf8)];
        }

        var output = new SpanRewriter<byte>(utf8);
        try
        {
            if (kind != CaptureBodyKind.Json || !json.TryRedact(utf8, !truncated, ref output, out var end))
            {
                output.Dispose();
                output = new SpanRewriter<byte>(utf8);
                end = truncated ? SecretDetector.EndBeforeCutWord(utf8) : utf8.Length;
                if (kind == CaptureBodyKind.Form)
                {
                    form.Redact(utf8[..end], 0, ref output);
                }
                else if (DetectSecrets)
                {
                    SecretDetector.Redact(utf8[..end], 0, ref output);
                }
            }

            var text = output.Complete(end);
            cut = text.Length > maxBytes;
            if (cut)
            {
                text = text[..Utf8Boundary.CompleteLength(text[..maxBytes])];
            }

            return Encoding.UTF8.GetString(text);
        }
        finally
        {
            output.Dispose();
        }
    }

    private static CaptureBodyKind Classify(string? contentType)
    {
        var media = contentType.AsSpan();
        var parameters = media.IndexOf(';');
        media = (parameters < 0 ? media : media[..parameters]).Trim();
        if (media.IsEmpty)
        {
            return CaptureBodyKind.None;
        }

        if (Is(media, "application/json") || Is(media, "text/json") || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || Is(media, "application/x-ndjson") || Is(media, "application/jsonl"))
        {
            return CaptureBodyKind.Json;
        }

        if (Is(media, "application/x-www-form-urlencoded"))
        {
            return CaptureBodyKind.Form;
        }

        return media.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || Is(media, "application/xml")
            || media.EndsWith("+xml", StringComparison.OrdinalIgnoreCase) || Is(media, "application/javascript")
            || Is(media, "application/graphql")
            ? CaptureBodyKind.Text
            : CaptureBodyKind.None;
    }

    private static bool Is(ReadOnlySpan<char> media, string expected) => media.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
