namespace Tollgate.Bench;

/// <summary>Where the repository's build outputs are, found from the tool's own location or the working directory.</summary>
internal static class RepositoryPaths
{
    /// <summary>
    /// The Release build of the server under the first directory above the tool (or the working directory) that holds
    /// Tollgate.slnx; null outside a checkout.
    /// </summary>
    public static string? DefaultServerDll()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Tollgate.slnx")))
                {
                    return Path.Combine(directory.FullName, "src", "Tollgate.Server", "bin", "Release", "net10.0", "Tollgate.Server.dll");
                }
            }
        }

        return null;
    }
}
