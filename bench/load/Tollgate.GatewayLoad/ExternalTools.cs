using System.Diagnostics;

namespace Tollgate.GatewayLoad;

/// <summary>wrk and nginx from the distribution; bench/load/run installs them (Debian: <c>apt-get install wrk nginx-light</c>).</summary>
internal sealed record ExternalTools(string Wrk, string Nginx, string WrkVersion, string NginxVersion)
{
    /// <summary>Finds both on PATH (and /usr/sbin, where Debian puts nginx); null and what is missing when one is not there.</summary>
    public static async Task<(ExternalTools? Tools, string? Missing)> LocateAsync(CancellationToken cancellationToken)
    {
        var wrk = Find("wrk");
        var nginx = Find("nginx");
        if (wrk is null || nginx is null)
        {
            var missing = string.Join(" and ", new[] { wrk is null ? "wrk" : null, nginx is null ? "nginx" : null }.OfType<string>());
            return (null, $"{missing} not found. Install (Debian): sudo apt-get install -y wrk nginx-light, or run bench/load/run as root, which does.");
        }

        // `wrk -v` prints its banner and exits 1; `nginx -v` writes to stderr.
        var wrkVersion = FirstLine(await OutputAsync(wrk, "-v", cancellationToken)).Replace(" Copyright (C) 2012 Will Glozer", "", StringComparison.Ordinal);
        var nginxVersion = FirstLine(await OutputAsync(nginx, "-v", cancellationToken)).Replace("nginx version: ", "", StringComparison.Ordinal);
        return (new ExternalTools(wrk, nginx, wrkVersion, nginxVersion), null);
    }

    private static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Append("/usr/local/sbin")
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    private static async Task<string> OutputAsync(string fileName, string argument, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName, argument) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return (await output) + (await error);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
