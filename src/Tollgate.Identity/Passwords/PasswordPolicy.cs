using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Tollgate.Identity.Passwords;

/// <summary>
/// What a new password must be: long rather than complex (NIST SP 800-63B), and not one attackers try first.
/// Thread-safe.
/// </summary>
/// <remarks>
/// The common passwords (embedded <c>Passwords/common-passwords.txt</c>, one per line, lowercase) come from the
/// ranked password dictionary of the npm package <c>@zxcvbn-ts/language-common</c> 4.1.3 (MIT): its 10,000 most
/// common entries plus every entry of 12 characters or more.
/// </remarks>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Injected as a service, so the rules can gain settings without changing callers.")]
public sealed class PasswordPolicy
{
    private const int MinLength = 12;
    private const int MaxLength = 1024;
    private const int MinDistinctCharacters = 5;
    private const string ResourceName = "Tollgate.Identity.Passwords.common-passwords.txt";

    private static readonly Lazy<FrozenSet<string>> CommonPasswords = new(LoadCommonPasswords);

    /// <summary>Null when <paramref name="password"/> is acceptable for the user <paramref name="email"/>; otherwise what to fix.</summary>
    public string? Check(string password, string? email)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinLength)
        {
            return $"Use at least {MinLength} characters.";
        }

        if (password.Length > MaxLength)
        {
            return $"Use at most {MaxLength} characters.";
        }

        if (IsEmailOrLocalPart(password, email))
        {
            return "Do not use your email address as your password.";
        }

        if (CountDistinct(password, MinDistinctCharacters) < MinDistinctCharacters)
        {
            return $"Use at least {MinDistinctCharacters} different characters.";
        }

        if (CommonPasswords.Value.Contains(password))
        {
            return "This password is on lists of common passwords that attackers try first; choose another.";
        }

        return null;
    }

    private static bool IsEmailOrLocalPart(string password, string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return false;
        }

        var trimmed = email.Trim();
        var at = trimmed.LastIndexOf('@');
        return password.Equals(trimmed, StringComparison.OrdinalIgnoreCase)
            || (at > 0 && password.AsSpan().Equals(trimmed.AsSpan(0, at), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Distinct characters of <paramref name="value"/>, counting no further than <paramref name="enough"/>.</summary>
    private static int CountDistinct(string value, int enough)
    {
        Span<char> seen = stackalloc char[enough];
        var count = 0;
        foreach (var c in value)
        {
            if (!seen[..count].Contains(c))
            {
                seen[count++] = c;
                if (count == enough)
                {
                    break;
                }
            }
        }

        return count;
    }

    private static FrozenSet<string> LoadCommonPasswords()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var passwords = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                passwords.Add(line);
            }
        }

        return passwords.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
