using Tollgate.Gateway.Validation;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Validation;

/// <summary>Schema files for the tests, written into a temporary directory.</summary>
public static class Schemas
{
    /// <summary>An order: every kind of rule the violation tests break, and a member whose name needs escaping.</summary>
    public const string Order = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "type": "object",
          "required": ["customer", "items"],
          "additionalProperties": false,
          "properties": {
            "customer": { "type": "string" },
            "note": { "type": "string", "maxLength": 5 },
            "comment": { "type": "string" },
            "priority": { "enum": ["low", "high"] },
            "a/b~c": { "type": "integer" },
            "items": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["sku", "qty"],
                "properties": {
                  "sku": { "type": "string" },
                  "qty": { "type": "integer", "minimum": 1, "maximum": 10 }
                }
              }
            }
          }
        }
        """;

    /// <summary>Writes <paramref name="json"/> to <paramref name="name"/> in <paramref name="directory"/> and returns the name.</summary>
    public static string Write(TempDirectory directory, string name, string json)
    {
        File.WriteAllText(directory.Combine(name), json);
        return name;
    }

    /// <summary>A set with <paramref name="json"/> as the only schema, for <paramref name="method"/>.</summary>
    public static async Task<RequestSchemaSet> LoadAsync(string json, string method = "POST")
    {
        using var directory = new TempDirectory("schemas-");
        return await RequestSchemaSet.LoadAsync(
            new Dictionary<string, string> { [method] = Write(directory, "schema.json", json) }, directory.Path, TestContext.Current.CancellationToken);
    }
}
