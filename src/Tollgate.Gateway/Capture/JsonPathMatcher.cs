using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Tollgate.Gateway.Capture;

/// <summary>
/// The configured JSON pointers compiled into a deterministic automaton over member names and array indexes: the
/// redactor keeps one state per open container and moves with one dictionary lookup per member, whatever the number
/// of paths and wildcards. Immutable and thread-safe.
/// </summary>
internal sealed class JsonPathMatcher
{
    /// <summary>The state under which no path can match any more.</summary>
    public const int Dead = -1;

    /// <summary>Bounds the subset construction; far above what real path lists produce.</summary>
    private const int MaxStates = 4096;

    private readonly State[] states;
    private readonly int maxMemberBytes;

    private JsonPathMatcher(State[] states, int maxMemberBytes)
    {
        this.states = states;
        this.maxMemberBytes = maxMemberBytes;
    }

    /// <summary>The state of a document's root value.</summary>
    public int Root => states.Length == 0 ? Dead : 0;

    /// <summary>Compiles the pointers; throws <see cref="ArgumentException"/> for one that is not valid.</summary>
    public static JsonPathMatcher Create(IEnumerable<string> pointers)
    {
        var root = new Node();
        var maxMemberBytes = 0;
        foreach (var pointer in pointers)
        {
            if (!TryParse(pointer, out var segments))
            {
                throw new ArgumentException($"'{pointer}' is not a JSON pointer.", nameof(pointers));
            }

            var node = root;
            foreach (var segment in segments)
            {
                if (segment is null)
                {
                    node = node.Any ??= new Node();
                    continue;
                }

                maxMemberBytes = Math.Max(maxMemberBytes, Encoding.UTF8.GetByteCount(segment));
                if (!node.Children.TryGetValue(segment, out var child))
                {
                    child = new Node();
                    node.Children.Add(segment, child);
                }

                node = child;
            }

            node.Terminal = true;
        }

        return root.Any is null && root.Children.Count == 0
            ? new JsonPathMatcher([], 0)
            : new JsonPathMatcher(Determinize(root), maxMemberBytes);
    }

    /// <summary>
    /// Splits an RFC 6901 pointer into unescaped segments; a <c>*</c> segment (a wildcard) is null. The empty pointer
    /// (the whole document) is refused: redacting everything is not redaction.
    /// </summary>
    public static bool TryParse(string? pointer, out List<string?> segments)
    {
        segments = [];
        if (string.IsNullOrEmpty(pointer) || pointer[0] != '/')
        {
            return false;
        }

        var builder = new StringBuilder();
        for (var i = 1; i <= pointer.Length; i++)
        {
            if (i == pointer.Length || pointer[i] == '/')
            {
                var segment = builder.ToString();
                segments.Add(segment == "*" ? null : segment);
                builder.Clear();
                continue;
            }

            if (pointer[i] != '~')
            {
                builder.Append(pointer[i]);
                continue;
            }

            if (i + 1 == pointer.Length || pointer[i + 1] is not ('0' or '1'))
            {
                return false;
            }

            builder.Append(pointer[++i] == '0' ? '~' : '/');
        }

        return true;
    }

    /// <summary>True when the value in <paramref name="state"/> is to be masked.</summary>
    public bool IsRedacted(int state) => state != Dead && states[state].Redact;

    /// <summary>The state of the value of member <paramref name="utf8Name"/> (unescaped) of an object in <paramref name="state"/>.</summary>
    public int Next(int state, ReadOnlySpan<byte> utf8Name)
    {
        if (state == Dead)
        {
            return Dead;
        }

        var current = states[state];
        if (current.Named.Count == 0 || utf8Name.Length > maxMemberBytes)
        {
            return current.Other;
        }

        Span<char> name = stackalloc char[maxMemberBytes];
        var length = Encoding.UTF8.GetChars(utf8Name, name);
        return current.Lookup.TryGetValue(name[..length], out var next) ? next : current.Other;
    }

    /// <summary>The state of item <paramref name="index"/> of an array in <paramref name="state"/>.</summary>
    public int NextItem(int state, int index)
    {
        if (state == Dead)
        {
            return Dead;
        }

        var current = states[state];
        Span<char> name = stackalloc char[11];
        return current.Named.Count != 0
            && index.TryFormat(name, out var length, provider: CultureInfo.InvariantCulture)
            && current.Lookup.TryGetValue(name[..length], out var next)
            ? next
            : current.Other;
    }

    private static State[] Determinize(Node root)
    {
        var ids = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        var sets = new List<List<Node>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var states = new List<State>();

        int StateOf(List<Node> set)
        {
            if (set.Count == 0)
            {
                return Dead;
            }

            foreach (var node in set)
            {
                ids.TryAdd(node, ids.Count);
            }

            set.Sort((a, b) => ids[a].CompareTo(ids[b]));
            var key = string.Join(',', set.ConvertAll(node => ids[node]));
            if (!index.TryGetValue(key, out var id))
            {
                if (sets.Count == MaxStates)
                {
                    throw new ArgumentException($"The JSON paths need more than {MaxStates} matcher states; use fewer wildcards.");
                }

                id = sets.Count;
                index.Add(key, id);
                sets.Add(set);
            }

            return id;
        }

        StateOf([root]);
        for (var i = 0; i < sets.Count; i++)
        {
            var set = sets[i];
            var wildcards = new List<Node>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var redact = false;
            foreach (var node in set)
            {
                redact |= node.Terminal;
                if (node.Any is not null)
                {
                    wildcards.Add(node.Any);
                }

                names.UnionWith(node.Children.Keys);
            }

            var named = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var targets = new List<Node>(wildcards);
                foreach (var node in set)
                {
                    if (node.Children.TryGetValue(name, out var child) && !targets.Contains(child))
                    {
                        targets.Add(child);
                    }
                }

                named.Add(name, StateOf(targets));
            }

            states.Add(new State(named.ToFrozenDictionary(StringComparer.Ordinal), StateOf(new List<Node>(wildcards)), redact));
        }

        return [.. states];
    }

    private sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public Node? Any { get; set; }

        public bool Terminal { get; set; }
    }

    private sealed class State(FrozenDictionary<string, int> named, int other, bool redact)
    {
        public FrozenDictionary<string, int> Named { get; } = named;

        public FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; } = named.GetAlternateLookup<ReadOnlySpan<char>>();

        public int Other { get; } = other;

        public bool Redact { get; } = redact;
    }
}
