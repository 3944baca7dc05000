using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Tollgate.Core.Audit;
using Tollgate.Core.Requests;
using Tollgate.Server.Problems;

namespace Tollgate.Server.Requests;

/// <summary>
/// Turns one reported request (a JSON object) into a <see cref="RequestRecord"/>: checks every member's type, range and
/// <see cref="RequestLimits"/>, refuses unknown members, and reports every problem of the record, with its index, not
/// just the first. Values are not redacted here; see <see cref="ReportedRequestRedactor"/>.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class RequestReportReader
{
    /// <summary>The longest latency a record may report: one day, in milliseconds.</summary>
    public const double MaxLatencyMs = 86_400_000;

    /// <summary>The longest header name; <see cref="RequestLimits"/> has no limit of its own for names.</summary>
    public const int MaxHeaderNameLength = 256;

    private const string UnpairedSurrogate = "holds an escaped unpaired surrogate (such as \\ud800); escape characters outside the BMP as a surrogate pair.";

    /// <summary>Reads item <paramref name="index"/> of a batch; null when it is invalid, with its errors added.</summary>
    public static RequestRecord? Read(JsonElement item, int index, string tenant, DateTimeOffset now, List<ProblemFieldError> errors)
    {
        var before = errors.Count;
        var fields = new Fields(index, errors);
        if (item.ValueKind != JsonValueKind.Object)
        {
            fields.Fail("(record)", $"A reported request is a JSON object, not {Describe(item.ValueKind)}.");
            return null;
        }

        Guid? id = null;
        DateTimeOffset? timestamp = null;
        string? service = null, route = null, method = null, routeTemplate = null, path = null, query = null, clientIp = null;
        string? userAgent = null, principal = null, requestId = null, traceId = null, spanId = null, error = null;
        int? status = null;
        long? duration = null, upstreamDuration = null, requestBytes = null, responseBytes = null;
        List<KeyValuePair<string, string>>? requestHeaders = null, responseHeaders = null;
        CapturedBody? requestBody = null, responseBody = null;
        var hasDetail = false;
        foreach (var member in item.EnumerateObject())
        {
            var name = member.Name;
            var value = member.Value;
            switch (name)
            {
                case "id":
                    id = fields.Id(value, name);
                    break;
                case "tenant_id":
                    if (value.ValueKind != JsonValueKind.Null && !(value.ValueKind == JsonValueKind.String && value.ValueEquals(tenant)))
                    {
                        fields.Fail(name, $"must be the caller's tenant (\"{tenant}\") or left out.");
                    }

                    break;
                case "timestamp":
                    timestamp = fields.Timestamp(value, name);
                    break;
                case "service":
                    service = fields.Text(value, name, RequestLimits.MaxNameLength);
                    break;
                case "route":
                    route = fields.Text(value, name, RequestLimits.MaxNameLength);
                    break;
                case "method":
                    method = fields.Method(value, name);
                    break;
                case "route_template":
                    routeTemplate = fields.Text(value, name, RequestLimits.MaxPathLength);
                    break;
                case "path":
                    path = fields.Path(value, name);
                    break;
                case "query":
                    query = fields.Query(value, name);
                    break;
                case "status":
                    status = fields.Status(value, name);
                    break;
                case "latency_ms":
                    duration = fields.Latency(value, name);
                    break;
                case "upstream_latency_ms":
                    upstreamDuration = fields.Latency(value, name);
                    break;
                case "request_bytes":
                    requestBytes = fields.ByteCount(value, name);
                    break;
                case "response_bytes":
                    responseBytes = fields.ByteCount(value, name);
                    break;
                case "client_ip":
                    clientIp = fields.IpAddress(value, name);
                    break;
                case "user_agent":
                    userAgent = fields.Text(value, name, RequestLimits.MaxUserAgentLength, allowTab: true);
                    break;
                case "principal":
                    principal = fields.Text(value, name, RequestLimits.MaxPrincipalLength);
                    break;
                case "request_id":
                    requestId = fields.RequestId(value, name);
                    break;
                case "trace_id":
                    traceId = fields.TraceContextId(value, name, 32, "4bf92f3577b34da6a3ce929d0e0e4736");
                    break;
                case "span_id":
                    spanId = fields.TraceContextId(value, name, 16, "00f067aa0ba902b7");
                    break;
                case "error":
                    error = fields.Text(value, name, RequestLimits.MaxErrorLength, controls: true);
                    break;
                case "request_headers":
                    requestHeaders = fields.Headers(value, name);
                    hasDetail |= value.ValueKind != JsonValueKind.Null;
                    break;
                case "response_headers":
                    responseHeaders = fields.Headers(value, name);
                    hasDetail |= value.ValueKind != JsonValueKind.Null;
                    break;
                case "request_body":
                    requestBody = fields.Body(value, name);
                    hasDetail |= value.ValueKind != JsonValueKind.Null;
                    break;
                case "response_body":
                    responseBody = fields.Body(value, name);
                    hasDetail |= value.ValueKind != JsonValueKind.Null;
                    break;
                default:
                    fields.Fail(Shorten(name), "is not a member of a reported request; the members are listed in the API reference (docs/api.md).");
                    break;
            }
        }

        fields.Require(timestamp, "timestamp", "an RFC 3339 date-time");
        fields.Require(service, "service", "a non-empty string");
        fields.Require(method, "method", "an HTTP method such as GET");
        fields.Require(path, "path", "a path starting with /");
        fields.Require(status, "status", "a whole number from 100 to 599");
        fields.Require(duration, "latency_ms", "a number of milliseconds, 0 or more");
        if (errors.Count > before)
        {
            return null;
        }

        return new RequestRecord
        {
            Id = id ?? Guid.CreateVersion7(now),
            TenantId = tenant,
            Timestamp = timestamp!.Value,
            Service = service!,
            Route = route,
            Method = method!,
            RouteTemplate = routeTemplate,
            Path = path!,
            Query = query,
            Status = status!.Value,
            DurationMicroseconds = duration!.Value,
            UpstreamDurationMicroseconds = upstreamDuration,
            RequestBytes = requestBytes ?? 0,
            ResponseBytes = responseBytes ?? 0,
            ClientIp = clientIp,
            UserAgent = userAgent,
            Principal = principal,
            RequestId = requestId,
            TraceId = traceId,
            SpanId = spanId,
            Error = error,
            Detail = hasDetail ? new RequestDetail(requestHeaders ?? [], responseHeaders ?? [], requestBody, responseBody) : null,
        };
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Shorten(string name) => name.Length <= 64 ? name : name[..64] + "…";

    /// <summary>The string a JSON string holds; null for another kind, or an escaped unpaired surrogate, which no string can hold.</summary>
    private static string? Decode(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Reads the members of one record, adding an error under the record's index for each bad one.</summary>
    /// <remarks>
    /// The record's errors are the tail of the list from where it began, so checks look only there: a batch with many
    /// bad records costs time in proportion to its errors, not to their square.
    /// </remarks>
    private readonly struct Fields(int index, List<ProblemFieldError> errors)
    {
        private readonly int firstError = errors.Count;

        public void Fail(string field, string message) => errors.Add(new ProblemFieldError(index, field, message));

        public void Require<T>(T? value, string field, string what)
        {
            if (value is null && errors.FindIndex(firstError, e => e.Field == field) < 0)
            {
                Fail(field, $"is required ({what}).");
            }
        }

        public Guid? Id(JsonElement value, string field)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (Decode(value) is { } text && Guid.TryParseExact(text, "D", out var id) && id != Guid.Empty)
            {
                return id;
            }

            Fail(field, "must be a UUID such as \"0192f0c1-7a3b-7def-8123-456789abcdef\", or left out to let the server assign one.");
            return null;
        }

        public DateTimeOffset? Timestamp(JsonElement value, string field)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (AuditEventReader.TryParseTimestamp(Decode(value), out var parsed))
            {
                return parsed;
            }

            Fail(field, "must be an RFC 3339 date-time with an offset, such as \"2024-01-01T00:00:00Z\", not before 1970.");
            return null;
        }

        /// <summary>
        /// A string of at most <paramref name="maxLength"/> characters; null for JSON null, and for an empty string unless
        /// <paramref name="keepEmpty"/>. Control characters are refused unless <paramref name="controls"/>; a tab is
        /// allowed with <paramref name="allowTab"/>.
        /// </summary>
        public string? Text(JsonElement value, string field, int maxLength, bool allowTab = false, bool controls = false, bool keepEmpty = false)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Fail(field, $"must be a string, not {Describe(value.ValueKind)}.");
                return null;
            }

            if (Decode(value) is not { } text)
            {
                Fail(field, UnpairedSurrogate);
                return null;
            }

            if (text.Length > maxLength)
            {
                Fail(field, $"is {text.Length} characters long; the limit is {maxLength}.");
                return null;
            }

            if (!controls && HttpSyntax.FindControl(text, allowTab) is { } at)
            {
                Fail(field, $"holds a control character (U+{(int)text[at]:X4}) at position {at}.");
                return null;
            }

            return text.Length == 0 && !keepEmpty ? null : text;
        }

        public string? Method(JsonElement value, string field)
        {
            var text = Text(value, field, RequestLimits.MaxMethodLength);
            if (text is null || HttpSyntax.IsToken(text))
            {
                return text?.ToUpperInvariant();
            }

            Fail(field, "must be an HTTP method such as GET: letters, digits and !#$%&'*+-.^_`|~ only.");
            return null;
        }

        public string? Path(JsonElement value, string field)
        {
            var text = Text(value, field, RequestLimits.MaxPathLength);
            if (text is null || (text[0] == '/' && text.IndexOfAny(['?', '#']) < 0))
            {
                return text;
            }

            Fail(field, "must start with / and hold no ? or #: send the query string in \"query\".");
            return null;
        }

        public string? Query(JsonElement value, string field)
        {
            // Frameworks hand the query over with its "?" (ASP.NET Core's QueryString does); the record keeps it without.
            var text = Text(value, field, RequestLimits.MaxQueryLength);
            return text is not null && text[0] == '?' ? (text.Length == 1 ? null : text[1..]) : text;
        }

        public int? Status(JsonElement value, string field)
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var status) && status is >= 100 and <= 599)
            {
                return status;
            }

            if (value.ValueKind != JsonValueKind.Null)
            {
                Fail(field, "must be a whole number from 100 to 599.");
            }

            return null;
        }

        /// <summary>Milliseconds, fractions allowed, as whole microseconds.</summary>
        public long? Latency(JsonElement value, string field)
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var ms) && ms is >= 0 and <= MaxLatencyMs)
            {
                return (long)Math.Round(ms * 1000, MidpointRounding.AwayFromZero);
            }

            if (value.ValueKind != JsonValueKind.Null)
            {
                Fail(field, $"must be a number of milliseconds from 0 to {MaxLatencyMs:0} (one day); fractions are kept to the microsecond.");
            }

            return null;
        }

        public long? ByteCount(JsonElement value, string field)
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var bytes) && bytes >= 0)
            {
                return bytes;
            }

            if (value.ValueKind != JsonValueKind.Null)
            {
                Fail(field, "must be a whole number of bytes, 0 or more.");
            }

            return null;
        }

        /// <summary>An IPv4 address in dotted-quad form or an IPv6 address, kept in its normal form.</summary>
        public string? IpAddress(JsonElement value, string field)
        {
            var text = Text(value, field, RequestLimits.MaxClientIpLength);
            if (text is null)
            {
                return null;
            }

            // IPAddress.TryParse also takes "1", "0x7f.1" and octal parts; only the dotted quad it writes back is kept.
            if (IPAddress.TryParse(text, out var address)
                && (address.AddressFamily == AddressFamily.InterNetworkV6 || address.ToString() == text))
            {
                return address.ToString();
            }

            Fail(field, "must be an IPv4 address such as 203.0.113.7 or an IPv6 address such as 2001:db8::7.");
            return null;
        }

        /// <summary>A request id: printable ASCII without spaces, as request ids are in headers.</summary>
        public string? RequestId(JsonElement value, string field)
        {
            var text = Text(value, field, RequestLimits.MaxRequestIdLength);
            if (text is null || !text.Any(c => c is <= ' ' or > '~'))
            {
                return text;
            }

            Fail(field, "must be printable ASCII without spaces.");
            return null;
        }

        public string? TraceContextId(JsonElement value, string field, int length, string example)
        {
            var text = Text(value, field, length);
            if (text is null || HttpSyntax.IsTraceContextId(text, length))
            {
                return text;
            }

            Fail(field, $"must be {length} lowercase hexadecimal digits, not all zero, such as {example}.");
            return null;
        }

        public List<KeyValuePair<string, string>>? Headers(JsonElement value, string field)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                Fail(field, $"must be an array of {{\"name\":…,\"value\":…}} objects, not {Describe(value.ValueKind)}.");
                return null;
            }

            var count = value.GetArrayLength();
            if (count > RequestLimits.MaxHeaders)
            {
                Fail(field, $"holds {count} headers; the limit is {RequestLimits.MaxHeaders}.");
                return null;
            }

            var headers = new List<KeyValuePair<string, string>>(count);
            var i = 0;
            foreach (var header in value.EnumerateArray())
            {
                var at = $"{field}[{i++}]";
                if (header.ValueKind != JsonValueKind.Object)
                {
                    Fail(at, $"must be an object {{\"name\":…,\"value\":…}}, not {Describe(header.ValueKind)}.");
                    continue;
                }

                string? name = null, text = null;
                foreach (var member in header.EnumerateObject())
                {
                    switch (member.Name)
                    {
                        case "name":
                            name = Text(member.Value, at + ".name", MaxHeaderNameLength);
                            if (name is not null && !HttpSyntax.IsToken(name))
                            {
                                Fail(at + ".name", "must be a header name: letters, digits and !#$%&'*+-.^_`|~ only.");
                                name = null;
                            }

                            break;
                        case "value":
                            text = Text(member.Value, at + ".value", RequestLimits.MaxHeaderValueLength, allowTab: true, keepEmpty: true);
                            break;
                        default:
                            Fail($"{at}.{Shorten(member.Name)}", "is not a member of a header; send only name and value.");
                            break;
                    }
                }

                Require(name, at + ".name", "a header name");
                Require(text, at + ".value", "a string, possibly empty");
                if (name is not null && text is not null)
                {
                    headers.Add(new(name, text));
                }
            }

            return headers;
        }

        public CapturedBody? Body(JsonElement value, string field)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                Fail(field, $"must be an object {{\"content_type\":…,\"text\":…,\"truncated\":…}}, not {Describe(value.ValueKind)}.");
                return null;
            }

            string? contentType = null, text = null;
            var truncated = false;
            foreach (var member in value.EnumerateObject())
            {
                var at = $"{field}.{Shorten(member.Name)}";
                switch (member.Name)
                {
                    case "content_type":
                        contentType = Text(member.Value, at, RequestLimits.MaxHeaderValueLength, allowTab: true);
                        break;
                    case "text":
                        text = BodyText(member.Value, at);
                        break;
                    case "truncated":
                        if (member.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                        {
                            truncated = member.Value.GetBoolean();
                        }
                        else if (member.Value.ValueKind != JsonValueKind.Null)
                        {
                            Fail(at, $"must be true or false, not {Describe(member.Value.ValueKind)}.");
                        }

                        break;
                    default:
                        Fail(at, "is not a member of a body; send content_type, text and truncated.");
                        break;
                }
            }

            Require(text, field + ".text", "the body as a string, possibly empty");
            return text is null ? null : new CapturedBody(contentType, text, truncated);
        }

        private string? BodyText(JsonElement value, string field)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                if (value.ValueKind != JsonValueKind.Null)
                {
                    Fail(field, $"must be a string, not {Describe(value.ValueKind)}.");
                }

                return null;
            }

            if (Decode(value) is not { } text)
            {
                Fail(field, UnpairedSurrogate);
                return null;
            }

            var bytes = Encoding.UTF8.GetByteCount(text);
            if (bytes > RequestLimits.MaxBodyBytes)
            {
                Fail(field, $"is {bytes} bytes of UTF-8; the limit is {RequestLimits.MaxBodyBytes}. Send the start of the body with \"truncated\": true.");
                return null;
            }

            return text;
        }
    }
}
