using System.Diagnostics.CodeAnalysis;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Values in the form the PostgreSQL stores keep them: times UTC in whole microseconds, cut exactly as the embedded
/// store cuts them, and text that PostgreSQL's text and JSONB types can hold.
/// </summary>
internal static class PostgresStorable
{
    /// <summary>
    /// <paramref name="value"/> as stored: UTC, cut to the whole microsecond towards the unix epoch exactly as the
    /// embedded store cuts it, so both providers keep the same instant.
    /// </summary>
    public static DateTimeOffset Time(DateTimeOffset value)
    {
        var sinceEpoch = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new DateTimeOffset(value.UtcTicks - (sinceEpoch % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    /// <summary>
    /// A bound rounded up to the next whole microsecond (stored times have no finer part), so that <c>&gt;=</c> and
    /// <c>&lt;</c> against it compare as they would against the exact value. Past the last whole microsecond of
    /// <see cref="DateTimeOffset.MaxValue"/> it stays at the maximum, which Npgsql sends as <c>infinity</c>: later than
    /// every stored time, as the rounded-up bound would be.
    /// </summary>
    public static DateTimeOffset TimeCeiling(DateTimeOffset value)
    {
        var sinceEpoch = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var remainder = sinceEpoch % TimeSpan.TicksPerMicrosecond;
        var ceiling = remainder > 0 ? value.UtcTicks + (TimeSpan.TicksPerMicrosecond - remainder) : value.UtcTicks - remainder;
        return new DateTimeOffset(Math.Min(ceiling, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
    }

    /// <summary>
    /// <paramref name="value"/> as PostgreSQL text and JSONB can hold it: NUL characters (which neither accepts) and
    /// unpaired surrogates (which have no UTF-8 form) become U+FFFD, the replacement the embedded store's UTF-8
    /// encoding gives unpaired surrogates. Without this, one odd value would make the server refuse its whole statement:
    /// a request batch (again on every redelivery), or a lookup as a server error. Returns the same instance when
    /// nothing needs replacing, which is nearly always.
    /// </summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Text(string? value)
    {
        if (value is null || !NeedsReplacing(value))
        {
            return value;
        }

        return string.Create(value.Length, value, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
                {
                    chars[i] = c;
                    chars[++i] = source[i];
                }
                else
                {
                    chars[i] = c == '\0' || char.IsSurrogate(c) ? '\uFFFD' : c;
                }
            }
        });
    }

    private static bool NeedsReplacing(ReadOnlySpan<char> text)
    {
        if (text.Contains('\0'))
        {
            return true;
        }

        // Vectorised search from surrogate to surrogate: text without emoji is checked in one pass.
        for (var i = text.IndexOfAnyInRange('\uD800', '\uDFFF'); i >= 0; i = text.IndexOfAnyInRange('\uD800', '\uDFFF'))
        {
            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return true;
            }

            text = text[(i + 2)..];
        }

        return false;
    }
}
