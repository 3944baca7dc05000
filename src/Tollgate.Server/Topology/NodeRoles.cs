namespace Tollgate.Server.Topology;

/// <summary>
/// The roles of this node, read once from <c>Tollgate:Roles</c> before the services are composed (they decide which
/// services and endpoints exist at all). The value is a comma-separated list (<c>gateway,ingest</c>) or an array.
/// </summary>
public sealed class NodeRoles
{
    /// <summary>The configuration key.</summary>
    public const string ConfigurationKey = "Tollgate:Roles";

    private static readonly Dictionary<string, NodeRole> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gateway"] = NodeRole.Gateway,
        ["ingest"] = NodeRole.Ingest,
        ["collector"] = NodeRole.Collector,
        ["query"] = NodeRole.Query,
        ["console"] = NodeRole.Console,
    };

    /// <summary>A node with <paramref name="enabled"/>.</summary>
    public NodeRoles(NodeRole enabled) => Enabled = enabled;

    /// <summary>The roles this node has.</summary>
    public NodeRole Enabled { get; }

    /// <summary>True when the node has <paramref name="role"/>.</summary>
    public bool Has(NodeRole role) => (Enabled & role) == role;

    /// <summary>Reads the roles; throws with a message naming the key and the valid roles when a name is unknown.</summary>
    public static NodeRoles FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(ConfigurationKey);
        var names = section.Value is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(child => child.Value?.Trim() ?? string.Empty).Where(name => name.Length > 0).ToArray();
        if (names.Length == 0)
        {
            return new NodeRoles(NodeRole.All);
        }

        var enabled = NodeRole.None;
        foreach (var name in names)
        {
            if (!Names.TryGetValue(name, out var role))
            {
                throw new InvalidOperationException(
                    $"{ConfigurationKey}: '{name}' is not a role. Use any of {string.Join(", ", Names.Keys)} (comma-separated), or leave it unset for all.");
            }

            enabled |= role;
        }

        return new NodeRoles(enabled);
    }
}
