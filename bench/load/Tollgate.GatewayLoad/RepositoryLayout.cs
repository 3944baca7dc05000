namespace Tollgate.GatewayLoad;

/// <summary>Where the harness finds what it runs: the repository root (the directory holding Tollgate.slnx) and the Release builds under it.</summary>
internal sealed record RepositoryLayout(string Root)
{
    /// <summary>bench/load: the request body, its schema and the results folder.</summary>
    public string LoadDirectory => Path.Combine(Root, "bench", "load");

    /// <summary>The 1 KB JSON body of the POST workload.</summary>
    public string PostBody => Path.Combine(LoadDirectory, "post-body.json");

    /// <summary>The JSON Schema (draft 7) Tollgate validates the POST body against.</summary>
    public string PostBodySchema => Path.Combine(LoadDirectory, "post-body.schema.json");

    /// <summary>Where reports go by default (git-ignored).</summary>
    public string Results => Path.Combine(LoadDirectory, "results");

    public string UpstreamDll => Release("bench", "Tollgate.Upstream");

    public string BareYarpDll => Release("bench", "Tollgate.BareYarp");

    public string ServerDll => Release("src", "Tollgate.Server");

    /// <summary>The first directory above the harness binary, or above the working directory, that holds Tollgate.slnx.</summary>
    public static RepositoryLayout? Locate()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Tollgate.slnx")))
                {
                    return new RepositoryLayout(directory.FullName);
                }
            }
        }

        return null;
    }

    private string Release(string folder, string project) =>
        Path.Combine(Root, folder, project, "bin", "Release", "net10.0", project + ".dll");
}
