using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Tollgate.Core.Json;

namespace Tollgate.Core.Audit;

/// <summary>
/// Turns a client's JSON object into a <see cref="NewAuditEvent"/>: checks types, required fields and limits,
/// normalises the timestamp, keeps every unknown top-level field as it came, and writes the canonical document.
/// </summary>
/// <remarks>Thread-safe; runs on the request thread so the store's single writer only chains and inserts.</remarks>
public sealed class AuditEventReader(AuditEventLimits limits)
{
    private const string IdempotencyKeyPrefix = "key:";
    private const string ClientIdPrefix = "id:";
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    /// <summary>
    /// Reads one event. Returns null and adds to <paramref name="errors"/> when the event is invalid; every problem
    /// of the event is reported, not just the first.
    /// </summary>
    public NewAuditEvent? Read(JsonElement body, in AuditEventContext context, ICollection<AuditFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(context.Index, "(event)", $"An event is a JSON object, not {Describe(body.ValueKind)}."));
            return null;
        }

        Guid? clientId = null;
        DateTimeOffset? timestamp = null;
        string? userId = null, eventType = null, srcService = null, target = null, message = null, requestId = null, traceId = null;
        var hasInvariantData = false;
        var hasAppData = false;
        var members = new List<CanonicalMember>(16);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var property in body.EnumerateObject())
            {
                var name = property.Name;
                var value = property.Value;
                if (!seen.Add(name))
                {
                    Fail(errors, context, name, "appears more than once; send each field once.");
                    continue;
                }

                switch (name)
                {
                    case AuditFields.Id:
                        if (value.ValueKind == JsonValueKind.Null)
                        {
                            continue;
                        }

                        if (value.ValueKind == JsonValueKind.String && Guid.TryParseExact(value.GetString(), "D", out var id) && id != Guid.Empty)
                        {
                            clientId = id;
                        }
                        else
                        {
                            Fail(errors, context, name, "must be a UUID such as \"0192f0c1-7a3b-7def-8123-456789abcdef\", or left out to let the server assign one.");
                        }

                        continue;
                    case AuditFields.TenantId:
                        if (value.ValueKind != JsonValueKind.Null
                            && (value.ValueKind != JsonValueKind.String || !string.Equals(value.GetString(), context.TenantId, StringComparison.Ordinal)))
                        {
                            Fail(errors, context, name, $"must be the caller's tenant (\"{context.TenantId}\") or left out.");
                        }

                        continue;
                    case AuditFields.Timestamp:
                        timestamp = ReadTimestamp(value, errors, context);
                        continue;
                    case AuditFields.UserId:
                        userId = ReadString(value, name, limits.MaxFieldLength, errors, context);
                        break;
                    case AuditFields.EventType:
                        eventType = ReadString(value, name, limits.MaxFieldLength, errors, context);
                        break;
                    case AuditFields.SrcService:
                        srcService = ReadString(value, name, limits.MaxFieldLength, errors, context);
                        break;
                    case AuditFields.Target:
                        target = ReadString(value, name, limits.MaxFieldLength, errors, context);
                        break;
                    case AuditFields.Message:
                        message = ReadString(value, name, limits.MaxMessageLength, errors, context);
                        break;
                    case AuditFields.RequestId:
                        requestId = ReadString(value, name, limits.MaxFieldLength, errors, context);
                        break;
                    case AuditFields.TraceId:
                        traceId = ReadString(value, name, limits.MaxFieldLength, errors, context);
                        break;
                    case AuditFields.SpanId:
                        ReadString(value, name, limits.MaxFieldLength, errors, context);
                        break;
                    case AuditFields.InvariantData:
                    case AuditFields.AppData:
                        if (value.ValueKind == JsonValueKind.Null && context.Shape == AuditEventShape.V1)
                        {
                            continue;
                        }

                        if (value.ValueKind != JsonValueKind.Object)
                        {
                            Fail(errors, context, name, $"must be a JSON object, not {Describe(value.ValueKind)}.");
                            continue;
                        }

                        hasInvariantData |= name == AuditFields.InvariantData;
                        hasAppData |= name == AuditFields.AppData;
                        break;
                    default:
                        if (AuditFields.ServerAssigned.Contains(name))
                        {
                            Fail(errors, context, name, "is assigned by the server; leave it out.");
                            continue;
                        }

                        if (name.Length == 0 || name.Length > limits.MaxFieldNameLength)
                        {
                            var shown = name.Length <= 32 ? name : name[..32] + "…";
                            Fail(errors, context, "(field name)", $"Field names are 1 to {limits.MaxFieldNameLength} characters long; \"{shown}\" is not.");
                            continue;
                        }

                        break;
                }

                // Optional members with a JSON null are treated as absent, so "target": null and no target hash alike.
                if (value.ValueKind != JsonValueKind.Null || !IsKnownOptional(name))
                {
                    members.Add(new CanonicalMember(name, value));
                }
            }
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to decode an escape that yields an unpaired surrogate.
            Fail(errors, context, "(event)", "The event holds an invalid escape sequence or unpaired surrogate; send valid UTF-16 escapes.");
            return null;
        }

        Require(userId, AuditFields.UserId, errors, context);
        Require(eventType, AuditFields.EventType, errors, context);
        Require(srcService, AuditFields.SrcService, errors, context);
        if (context.Shape == AuditEventShape.Seed002)
        {
            if (!hasInvariantData)
            {
                Fail(errors, context, AuditFields.InvariantData, "is required (a JSON object).");
            }

            if (!hasAppData)
            {
                Fail(errors, context, AuditFields.AppData, "is required (a JSON object).");
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        var eventId = clientId ?? Guid.CreateVersion7(context.ReceivedAt);
        var receivedAt = TruncateToMicroseconds(context.ReceivedAt);
        var occurredAt = timestamp ?? receivedAt;
        members.Add(new CanonicalMember(AuditFields.Id, eventId.ToString("D")));
        members.Add(new CanonicalMember(AuditFields.TenantId, context.TenantId));
        members.Add(new CanonicalMember(AuditFields.Timestamp, Format(occurredAt)));
        members.Add(new CanonicalMember(AuditFields.ReceivedAt, Format(receivedAt)));
        if (context.Amends is { } amends)
        {
            members.Add(new CanonicalMember(AuditFields.Amends, amends.ToString("D")));
        }

        // Typical canonical events are 500-600 bytes: start large enough that the buffer rarely grows.
        var document = new ArrayBufferWriter<byte>(1024);
        ReadOnlyMemory<byte> digest = default;
        string? idempotencyKey = null;
        try
        {
            CanonicalJson.WriteObject(document, members);
            if (context.IdempotencyKey is not null || clientId is not null)
            {
                idempotencyKey = context.IdempotencyKey is { } key ? IdempotencyKeyPrefix + key : ClientIdPrefix + eventId.ToString("D");
                digest = Digest(body, context.Amends);
            }
        }
        catch (FormatException ex)
        {
            Fail(errors, context, "(event)", ex.Message);
            return null;
        }

        if (document.WrittenCount > limits.MaxEventBytes)
        {
            Fail(errors, context, "(event)", $"The event is {document.WrittenCount} bytes in canonical form; the limit is {limits.MaxEventBytes}. Move large payloads elsewhere and reference them.");
            return null;
        }

        return new NewAuditEvent
        {
            Id = eventId,
            TenantId = context.TenantId,
            Timestamp = occurredAt,
            ReceivedAt = receivedAt,
            UserId = userId!,
            EventType = eventType!,
            SrcService = srcService!,
            Target = target,
            Message = message,
            RequestId = requestId,
            TraceId = traceId,
            Amends = context.Amends,
            IdempotencyKey = idempotencyKey,
            RequestDigest = digest,
            Document = document.WrittenMemory,
        };
    }

    /// <summary>Formats a timestamp as every Tollgate output does (<see cref="AuditFields.TimestampFormat"/>).</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(AuditFields.TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses an RFC 3339 timestamp with an explicit offset (<c>Z</c> or <c>±hh:mm</c>) and up to nine fractional
    /// digits, to UTC with microsecond precision. False for anything else, including times before 1970.
    /// </summary>
    public static bool TryParseTimestamp(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length is < 20 or > 40)
        {
            return false;
        }

        var s = text.AsSpan();
        if (!TryDigits(s[0..4], out var year) || s[4] != '-' || !TryDigits(s[5..7], out var month) || s[7] != '-'
            || !TryDigits(s[8..10], out var day) || s[10] is not ('T' or 't' or ' ')
            || !TryDigits(s[11..13], out var hour) || s[13] != ':' || !TryDigits(s[14..16], out var minute) || s[16] != ':'
            || !TryDigits(s[17..19], out var second))
        {
            return false;
        }

        var i = 19;
        var fractionTicks = 0L;
        if (s[i] == '.')
        {
            var start = ++i;
            var scale = TimeSpan.TicksPerSecond / 10;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                fractionTicks += (s[i] - '0') * scale;
                scale /= 10;
                i++;
            }

            if (i - start is 0 or > 9 || i == s.Length)
            {
                return false;
            }
        }

        TimeSpan offset;
        if (s[i] is 'Z' or 'z' && i + 1 == s.Length)
        {
            offset = TimeSpan.Zero;
        }
        else if (s[i] is '+' or '-' && i + 6 == s.Length && TryDigits(s[(i + 1)..(i + 3)], out var offsetHours)
            && s[i + 3] == ':' && TryDigits(s[(i + 4)..(i + 6)], out var offsetMinutes) && offsetHours <= 14 && offsetMinutes <= 59)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0) * (s[i] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59 || offset.Duration() > TimeSpan.FromHours(14))
        {
            return false;
        }

        DateTimeOffset parsed;
        try
        {
            parsed = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second).AddTicks(fractionTicks), offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }

        if (parsed < Epoch)
        {
            return false;
        }

        value = TruncateToMicroseconds(parsed.ToUniversalTime());
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int number)
    {
        number = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>Drops sub-microsecond ticks, the precision every store keeps.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    private static ReadOnlyMemory<byte> Digest(JsonElement body, Guid? amends)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        CanonicalJson.WriteValue(buffer, body);
        if (amends is { } original)
        {
            CanonicalJson.WriteString(buffer, original.ToString("D"));
        }

        return SHA256.HashData(buffer.WrittenSpan);
    }

    private static DateTimeOffset? ReadTimestamp(JsonElement value, ICollection<AuditFieldError> errors, in AuditEventContext context)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && TryParseTimestamp(value.GetString(), out var parsed))
        {
            return parsed;
        }

        Fail(errors, context, AuditFields.Timestamp, "must be an RFC 3339 date-time with an offset, such as \"2024-01-01T00:00:00Z\", not before 1970; leave it out to use the time of receipt.");
        return null;
    }

    private static string? ReadString(JsonElement value, string name, int maxLength, ICollection<AuditFieldError> errors, in AuditEventContext context)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(errors, context, name, $"must be a string, not {Describe(value.ValueKind)}.");
            return null;
        }

        string text;
        try
        {
            text = CanonicalJson.GetString(value);
        }
        catch (FormatException ex)
        {
            Fail(errors, context, name, ex.Message);
            return null;
        }

        if (text.Length > maxLength)
        {
            Fail(errors, context, name, $"is {text.Length} characters long; the limit is {maxLength}.");
            return null;
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            Fail(errors, context, name, "must not contain the character U+0000 (NUL).");
            return null;
        }

        return text;
    }

    private static void Require(string? value, string name, ICollection<AuditFieldError> errors, in AuditEventContext context)
    {
        var index = context.Index;
        if (string.IsNullOrEmpty(value) && !errors.Any(e => e.Index == index && e.Field == name))
        {
            Fail(errors, context, name, "is required (a non-empty string).");
        }
    }

    private static bool IsKnownOptional(string name) => name is AuditFields.Target or AuditFields.Message
        or AuditFields.RequestId or AuditFields.TraceId or AuditFields.SpanId or AuditFields.InvariantData or AuditFields.AppData;

    private static void Fail(ICollection<AuditFieldError> errors, in AuditEventContext context, string field, string message) =>
        errors.Add(new AuditFieldError(context.Index, field, message));

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
}
