namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the operator's configuration file, the usual home of gateway routes.</summary>
public static class ConfigFileExtensions
{
    /// <summary>The configuration key naming the file (<c>--ConfigFile gateway.json</c>).</summary>
    public const string Key = "ConfigFile";

    /// <summary>The file read when <see cref="Key"/> is not set and the file exists in the working directory.</summary>
    public const string DefaultFile = "tollgate.json";

    /// <summary>
    /// Reads the JSON file named by <c>ConfigFile</c> (required when named), or <c>./tollgate.json</c> (optional: it may
    /// also be created later), and reloads it on change, so routes, policies and capture settings change without a
    /// restart. Environment variables and command-line arguments still win over it.
    /// </summary>
    public static WebApplicationBuilder AddTollgateConfigFile(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var named = builder.Configuration[Key];
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(named) ? DefaultFile : named);
        if (named is not null && !File.Exists(path))
        {
            throw new InvalidOperationException($"ConfigFile names '{path}', which does not exist.");
        }

        builder.Configuration.AddJsonFile(path, optional: named is null, reloadOnChange: true);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        return builder;
    }
}
