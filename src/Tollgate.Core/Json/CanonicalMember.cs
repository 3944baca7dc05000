using System.Text.Json;

namespace Tollgate.Core.Json;

/// <summary>One member of an object written by <see cref="CanonicalJson.WriteObject"/>: a JSON value, or a string.</summary>
public readonly record struct CanonicalMember
{
    /// <summary>A member whose value is a JSON element as the client sent it.</summary>
    public CanonicalMember(string name, JsonElement value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>A member whose value is a string the server supplies.</summary>
    public CanonicalMember(string name, string text)
    {
        Name = name;
        Text = text;
    }

    /// <summary>The member name.</summary>
    public string Name { get; }

    /// <summary>The value, when <see cref="Text"/> is null.</summary>
    public JsonElement Value { get; }

    /// <summary>A string value; takes precedence over <see cref="Value"/>.</summary>
    public string? Text { get; }
}
