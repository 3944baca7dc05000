using System.Collections.Frozen;
using System.Text;

namespace Tollgate.Gateway.Capture;

/// <summary>
/// A set of field or parameter names compared ignoring case, <c>_</c> and <c>-</c> (<c>access_token</c>,
/// <c>accessToken</c> and <c>Access-Token</c> are one name), looked up from UTF-8 or UTF-16 spans without allocating.
/// Immutable and thread-safe.
/// </summary>
internal sealed class SensitiveNames
{
    /// <summary>Longest normalized name; longer candidates cannot match and are not looked up.</summary>
    private const int MaxLength = CaptureOptionsValidator.MaxNameLength;

    /// <summary>Longest raw candidate considered: a name padded with separators beyond this is not looked up.</summary>
    private const int MaxRawLength = 4 * MaxLength;

    private readonly FrozenSet<string> names;
    private readonly int shortest;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public SensitiveNames(IEnumerable<string> names)
    {
        var normalized = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var key = Normalize(name);
            if (key.Length is > 0 and <= MaxLength)
            {
                normalized.Add(key);
            }
        }

        this.names = normalized.ToFrozenSet(StringComparer.Ordinal);
        shortest = normalized.Count == 0 ? int.MaxValue : normalized.Min(name => name.Length);
        lookup = this.names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The form names are compared in: lower case, without <c>_</c> and <c>-</c>.</summary>
    public static string Normalize(string name)
    {
        Span<char> buffer = stackalloc char[MaxRawLength];
        var length = Normalize(name.AsSpan(0, Math.Min(name.Length, MaxRawLength)), buffer);
        return new string(buffer[..length]);
    }

    public bool Contains(ReadOnlySpan<char> name)
    {
        // Normalizing only shortens a name, so one shorter than the shortest entry cannot match.
        if (name.Length < shortest || name.Length > MaxRawLength)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[name.Length];
        return Lookup(buffer[..Normalize(name, buffer)]);
    }

    public bool Contains(ReadOnlySpan<byte> utf8Name)
    {
        if (utf8Name.Length < shortest || utf8Name.Length > MaxRawLength)
        {
            return false;
        }

        // JSON member names are nearly always ASCII: normalize the bytes directly, without decoding first.
        Span<char> buffer = stackalloc char[utf8Name.Length];
        var length = 0;
        foreach (var b in utf8Name)
        {
            if (b >= 0x80)
            {
                var decoded = Encoding.UTF8.GetChars(utf8Name, buffer);
                return Lookup(buffer[..Normalize(buffer[..decoded], buffer)]);
            }

            if (b is not ((byte)'_' or (byte)'-'))
            {
                buffer[length++] = (char)(b is >= (byte)'A' and <= (byte)'Z' ? b | 0x20 : b);
            }
        }

        return Lookup(buffer[..length]);
    }

    private bool Lookup(ReadOnlySpan<char> normalized) => normalized.Length <= MaxLength && lookup.Contains(normalized);

    /// <summary>Writes the normalized form of <paramref name="name"/>; <paramref name="destination"/> may be the same memory.</summary>
    private static int Normalize(ReadOnlySpan<char> name, Span<char> destination)
    {
        var length = 0;
        foreach (var c in name)
        {
            if (c is not ('_' or '-'))
            {
                destination[length++] = char.ToLowerInvariant(c);
            }
        }

        return length;
    }
}
