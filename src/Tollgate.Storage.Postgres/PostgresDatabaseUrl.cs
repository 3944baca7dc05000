using System.Globalization;
using Npgsql;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Converts a libpq-style URL (<c>postgres://user:password@host:port/database?sslmode=require</c>, as
/// <c>DATABASE_URL</c> is usually given) into an Npgsql connection string. Hand-written rather than
/// <see cref="Uri"/>-based because such URLs may list several hosts (<c>h1:5432,h2:5433</c>), which <see cref="Uri"/>
/// refuses. Error messages never contain the password.
/// </summary>
internal static class PostgresDatabaseUrl
{
    private static readonly Dictionary<string, string> QueryKeywords = new(StringComparer.Ordinal)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["target_session_attrs"] = "Target Session Attributes",
        ["options"] = "Options",
    };

    private static readonly Dictionary<string, SslMode> SslModes = new(StringComparer.Ordinal)
    {
        ["disable"] = SslMode.Disable,
        ["allow"] = SslMode.Allow,
        ["prefer"] = SslMode.Prefer,
        ["require"] = SslMode.Require,
        ["verify-ca"] = SslMode.VerifyCA,
        ["verify-full"] = SslMode.VerifyFull,
    };

    /// <summary>Converts <paramref name="url"/>; false with a reason (naming no secret) when it is not a usable URL.</summary>
    public static bool TryConvert(string url, out string connectionString, out string error)
    {
        connectionString = string.Empty;
        error = string.Empty;
        var rest = StripScheme(url.Trim());
        if (rest is null)
        {
            error = "it must start with postgres:// or postgresql://";
            return false;
        }

        var builder = new NpgsqlConnectionStringBuilder();
        var query = string.Empty;
        if (rest.IndexOf('?', StringComparison.Ordinal) is var q and >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        var path = string.Empty;
        if (rest.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0)
        {
            path = rest[(slash + 1)..];
            rest = rest[..slash];
        }

        // The user info ends at the last '@': a percent-encoded password cannot contain one, a raw one might.
        if (rest.LastIndexOf('@') is var at and >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            var user = colon >= 0 ? userInfo[..colon] : userInfo;
            if (user.Length > 0)
            {
                builder.Username = Uri.UnescapeDataString(user);
            }

            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        if (!TryParseHosts(rest, builder, ref error))
        {
            return false;
        }

        if (path.Length > 0)
        {
            builder.Database = Uri.UnescapeDataString(path);
        }

        if (!TryApplyQuery(query, builder, ref error))
        {
            return false;
        }

        connectionString = builder.ConnectionString;
        return true;
    }

    private static string? StripScheme(string url)
    {
        foreach (var scheme in (ReadOnlySpan<string>)["postgres://", "postgresql://"])
        {
            if (url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return url[scheme.Length..];
            }
        }

        return null;
    }

    private static bool TryParseHosts(string hostList, NpgsqlConnectionStringBuilder builder, ref string error)
    {
        if (hostList.Length == 0)
        {
            error = "it names no host";
            return false;
        }

        var hosts = new List<(string Host, int? Port)>();
        foreach (var entry in hostList.Split(','))
        {
            if (!TryParseHost(entry, out var host, out var port, ref error))
            {
                return false;
            }

            hosts.Add((host, port));
        }

        if (hosts is [var (singleHost, singlePort)])
        {
            // One host: Host and Port apart, the form every Npgsql tool reads back.
            builder.Host = singleHost;
            if (singlePort is { } port)
            {
                builder.Port = port;
            }
        }
        else
        {
            builder.Host = string.Join(',', hosts.Select(h =>
            {
                var name = h.Host.Contains(':', StringComparison.Ordinal) ? $"[{h.Host}]" : h.Host;
                return h.Port is { } port ? string.Create(CultureInfo.InvariantCulture, $"{name}:{port}") : name;
            }));
        }

        return true;
    }

    private static bool TryParseHost(string entry, out string host, out int? port, ref string error)
    {
        port = null;
        string? portText = null;
        if (entry.StartsWith('['))
        {
            // IPv6 literal: [::1] or [::1]:5432.
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            host = close > 0 ? entry[1..close] : string.Empty;
            if (close < 0 || (close + 1 < entry.Length && entry[close + 1] != ':'))
            {
                error = "an IPv6 host must be written [address] or [address]:port";
                return false;
            }

            portText = close + 1 < entry.Length ? entry[(close + 2)..] : null;
        }
        else if (entry.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
        {
            host = Uri.UnescapeDataString(entry[..colon]);
            portText = entry[(colon + 1)..];
        }
        else
        {
            host = Uri.UnescapeDataString(entry);
        }

        if (host.Length == 0)
        {
            error = "a host name is empty";
            return false;
        }

        if (portText is not null)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65_535)
            {
                error = "a port is not a number from 1 to 65535";
                return false;
            }

            port = number;
        }

        return true;
    }

    private static bool TryApplyQuery(string query, NpgsqlConnectionStringBuilder builder, ref string error)
    {
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals >= 0 ? pair[..equals] : pair);
            var value = equals >= 0 ? Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' ')) : string.Empty;
            if (name == "sslmode")
            {
                if (!SslModes.TryGetValue(value, out var mode))
                {
                    error = $"sslmode '{value}' is not one of {string.Join(", ", SslModes.Keys)}";
                    return false;
                }

                builder.SslMode = mode;
                continue;
            }

            try
            {
                // libpq names first; any other name may be an Npgsql keyword (e.g. Maximum Pool Size).
                builder[QueryKeywords.GetValueOrDefault(name, name)] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                error = $"the parameter '{name}' is not supported or its value is invalid";
                return false;
            }
        }

        return true;
    }
}
