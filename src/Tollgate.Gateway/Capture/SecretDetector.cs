using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Tollgate.Core.Requests;

namespace Tollgate.Gateway.Capture;

/// <summary>
/// Finds secrets in free text, in UTF-8 or UTF-16, by scanning spans: payment card numbers (13 to 19 digits, single
/// spaces or dashes allowed between them, starting with 2 to 6 as every major card scheme does, passing Luhn), bearer
/// tokens (<c>Bearer &lt;token&gt;</c>: the token), JWTs (<c>eyJ…</c>, three to five base64url segments) and Tollgate
/// secrets (<c>tg_</c>, <c>tgr_</c>, <c>tgs_</c> and at least 20 base62 characters).
/// </summary>
/// <remarks>
/// Linear time: a vectorized search jumps to the few characters that mark a secret, each candidate is checked at a
/// word boundary only, and a check that fails reads a bounded number of characters (a card at most 37) or characters
/// no other candidate can start in. Numbers glued to letters or decimals (<c>0.4111…</c>) are not cards, so hex ids
/// and coordinates survive. Stateless and thread-safe.
/// </remarks>
internal static class SecretDetector
{
    private const int MinCardDigits = 13;
    private const int MaxCardDigits = 19;
    private const int MinBearerTokenLength = 8;
    private const int MinTollgateSecretLength = 20;

    /// <summary>The shortest secret: a JWT <c>eyJx.y.</c>. Shorter text is not scanned.</summary>
    private const int MinSecretLength = 7;

    // The character each check starts from: a card's first digit, the B of Bearer, and for JWTs and Tollgate secrets
    // the J of eyJ and the underscore of tg_, far rarer in ordinary text than the e and t they begin with.
    private static readonly SearchValues<byte> ByteTriggers = SearchValues.Create("23456BbJ_"u8);
    private static readonly SearchValues<char> CharTriggers = SearchValues.Create("23456BbJ_");
    private static readonly byte[] Utf8Mask = Encoding.UTF8.GetBytes(RequestRedaction.Mask);

    /// <summary><see cref="RequestRedaction.Mask"/> in the text's encoding (<typeparamref name="T"/> is byte or char).</summary>
    public static ReadOnlySpan<T> Mask<T>()
        where T : unmanaged
    {
        Debug.Assert(typeof(T) == typeof(byte) || typeof(T) == typeof(char));
        return typeof(T) == typeof(byte)
            ? MemoryMarshal.Cast<byte, T>(Utf8Mask)
            : MemoryMarshal.Cast<char, T>(RequestRedaction.Mask.AsSpan());
    }

    /// <summary>True when <paramref name="text"/> holds a secret.</summary>
    public static bool Contains<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T> => TryFind(text, 0, out _, out _);

    /// <summary>Replaces every secret in <paramref name="text"/>, which starts at <paramref name="offset"/> of the rewriter's source, by the mask.</summary>
    public static void Redact<T>(ReadOnlySpan<T> text, int offset, ref SpanRewriter<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        var from = 0;
        while (TryFind(text, from, out var start, out var end))
        {
            output.Replace(offset + start, offset + end, Mask<T>());
            from = end;
        }
    }

    /// <summary>The first secret at or after <paramref name="from"/>: <c>text[start..end]</c> is what to mask.</summary>
    public static bool TryFind<T>(ReadOnlySpan<T> text, int from, out int start, out int end)
        where T : unmanaged, IBinaryInteger<T>
    {
        var i = from;
        while (text.Length - i >= MinSecretLength)
        {
            var next = IndexOfTrigger(text[i..]);
            if (next < 0)
            {
                break;
            }

            i += next;
            var found = At(text, i) switch
            {
                'B' or 'b' => TryBearer(text, i, out start, out end),
                'J' => TryJwt(text, i - 2, out start, out end),
                '_' => TryTollgateSecret(text, i, out start, out end),
                _ => TryCard(text, i, out start, out end),
            };
            if (found && start >= from)
            {
                return true;
            }

            i++;
        }

        start = end = 0;
        return false;
    }

    /// <summary>
    /// Where a cut text stops being safe to keep: before its last word if that word runs into the cut (it may be the
    /// start of a token, key or card whose rest, needed to recognise it, was cut off), and before digit groups
    /// that run into the cut.
    /// </summary>
    public static int EndBeforeCutWord(ReadOnlySpan<byte> text)
    {
        var end = text.Length;
        while (end > 0 && (IsToken68(text[end - 1]) || text[end - 1] is (byte)'=' or (byte)'%'))
        {
            end--;
        }

        while (end >= 2 && text[end - 1] is (byte)' ' or (byte)'-' && IsDigit(text[end - 2]))
        {
            end--;
            while (end > 0 && IsDigit(text[end - 1]))
            {
                end--;
            }
        }

        return end;
    }

    private static int IndexOfTrigger<T>(ReadOnlySpan<T> text)
        where T : unmanaged =>
        typeof(T) == typeof(byte)
            ? MemoryMarshal.Cast<T, byte>(text).IndexOfAny(ByteTriggers)
            : MemoryMarshal.Cast<T, char>(text).IndexOfAny(CharTriggers);

    private static int At<T>(ReadOnlySpan<T> text, int index)
        where T : unmanaged, IBinaryInteger<T> => int.CreateTruncating(text[index]);

    private static bool TryCard<T>(ReadOnlySpan<T> text, int i, out int start, out int end)
        where T : unmanaged, IBinaryInteger<T>
    {
        start = i;
        end = 0;
        if (i > 0 && At(text, i - 1) is var before && (IsWord(before) || before == '.'))
        {
            return false;
        }

        // Most numbers are short: count first, and only collect digits for a run long enough to be a card.
        var count = 0;
        var p = i;
        while (p < text.Length && count < MinCardDigits)
        {
            if (IsDigit(At(text, p)))
            {
                count++;
                p++;
            }
            else if (At(text, p) is ' ' or '-' && p + 1 < text.Length && IsDigit(At(text, p + 1)))
            {
                p++;
            }
            else
            {
                return false;
            }
        }

        Span<int> digits = stackalloc int[MaxCardDigits];
        Span<int> ends = stackalloc int[MaxCardDigits + 1];
        count = 0;
        p = i;
        while (p < text.Length && count < MaxCardDigits)
        {
            var c = At(text, p);
            if (IsDigit(c))
            {
                digits[count++] = c - '0';
                ends[count] = ++p;
            }
            else if (c is ' ' or '-' && p + 1 < text.Length && IsDigit(At(text, p + 1)))
            {
                p++;
            }
            else
            {
                break;
            }
        }

        for (var n = count; n >= MinCardDigits; n--)
        {
            var after = ends[n];
            if (after < text.Length && At(text, after) is var next
                && (IsWord(next) || (next == '.' && after + 1 < text.Length && IsDigit(At(text, after + 1)))))
            {
                continue;
            }

            if (PassesLuhn(digits[..n]))
            {
                end = after;
                return true;
            }
        }

        return false;
    }

    private static bool PassesLuhn(ReadOnlySpan<int> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var k = digits.Length - 1; k >= 0; k--)
        {
            var d = doubled ? digits[k] * 2 : digits[k];
            sum += d > 9 ? d - 9 : d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    private static bool TryBearer<T>(ReadOnlySpan<T> text, int i, out int start, out int end)
        where T : unmanaged, IBinaryInteger<T>
    {
        const string Scheme = "bearer";
        start = end = 0;
        if ((i > 0 && IsLetterOrDigit(At(text, i - 1))) || text.Length - i <= Scheme.Length)
        {
            return false;
        }

        for (var k = 0; k < Scheme.Length; k++)
        {
            if ((At(text, i + k) | 0x20) != Scheme[k])
            {
                return false;
            }
        }

        var p = i + Scheme.Length;
        if (At(text, p) != ' ')
        {
            return false;
        }

        while (p < text.Length && At(text, p) == ' ')
        {
            p++;
        }

        var tokenStart = p;
        var plainWord = true;
        while (p < text.Length && IsToken68(At(text, p)))
        {
            plainWord &= At(text, p) is >= 'a' and <= 'z';
            p++;
        }

        while (p < text.Length && At(text, p) == '=')
        {
            p++;
        }

        // A run of lower-case letters is the next word of a sentence ("bearer instruments"), not a token.
        if (p - tokenStart < MinBearerTokenLength || plainWord)
        {
            return false;
        }

        start = tokenStart;
        end = p;
        return true;
    }

    /// <summary>A JWT starting at <paramref name="i"/>, found from the J of its <c>eyJ</c>.</summary>
    private static bool TryJwt<T>(ReadOnlySpan<T> text, int i, out int start, out int end)
        where T : unmanaged, IBinaryInteger<T>
    {
        start = i;
        end = 0;
        if (i < 0 || At(text, i) != 'e' || At(text, i + 1) != 'y'
            || (i > 0 && At(text, i - 1) is var before && (IsBase64Url(before) || before == '.')))
        {
            return false;
        }

        var p = SkipBase64Url(text, i + 3);
        if (p == i + 3 || !IsDotAt(text, p))
        {
            return false;
        }

        var payload = p + 1;
        p = SkipBase64Url(text, payload);
        if (p == payload || !IsDotAt(text, p))
        {
            return false;
        }

        p = SkipBase64Url(text, p + 1);
        for (var extra = 0; extra < 2 && IsDotAt(text, p) && p + 1 < text.Length && IsBase64Url(At(text, p + 1)); extra++)
        {
            p = SkipBase64Url(text, p + 1);
        }

        end = p;
        return true;
    }

    /// <summary>A Tollgate secret (<c>tg_</c>, <c>tgr_</c>, <c>tgs_</c>), found from its underscore at <paramref name="i"/>.</summary>
    private static bool TryTollgateSecret<T>(ReadOnlySpan<T> text, int i, out int start, out int end)
        where T : unmanaged, IBinaryInteger<T>
    {
        end = 0;
        start = i >= 1 && At(text, i - 1) is 'r' or 's' ? i - 3 : i - 2;
        if (start < 0 || At(text, start) != 't' || At(text, start + 1) != 'g' || (start > 0 && IsWord(At(text, start - 1))))
        {
            return false;
        }

        var key = i + 1;
        var p = key;
        while (p < text.Length && IsLetterOrDigit(At(text, p)))
        {
            p++;
        }

        if (p - key < MinTollgateSecretLength)
        {
            return false;
        }

        end = p;
        return true;
    }

    private static int SkipBase64Url<T>(ReadOnlySpan<T> text, int p)
        where T : unmanaged, IBinaryInteger<T>
    {
        while (p < text.Length && IsBase64Url(At(text, p)))
        {
            p++;
        }

        return p;
    }

    private static bool IsDotAt<T>(ReadOnlySpan<T> text, int p)
        where T : unmanaged, IBinaryInteger<T> => p < text.Length && At(text, p) == '.';

    private static bool IsDigit(int c) => (uint)(c - '0') <= 9;

    private static bool IsLetterOrDigit(int c) => c < 128 && char.IsAsciiLetterOrDigit((char)c);

    private static bool IsWord(int c) => c == '_' || IsLetterOrDigit(c);

    private static bool IsBase64Url(int c) => c is '-' or '_' || IsLetterOrDigit(c);

    private static bool IsToken68(int c) => c is '-' or '.' or '_' or '~' or '+' or '/' || IsLetterOrDigit(c);
}
