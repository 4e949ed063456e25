using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Operations.Tests;

/// <summary>Reading YAML documents as plain nodes: mappings, sequences and scalars.</summary>
internal static class Yaml
{
    public static YamlNode Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents[0].RootNode;
    }

    public static IEnumerable<YamlNode> LoadAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(document => document.RootNode);
    }

    /// <summary>The child at <paramref name="key"/> of a mapping, or null; keys merged in with <c>&lt;&lt;: *anchor</c> count.</summary>
    public static YamlNode? Get(this YamlNode node, string key) =>
        node.Entries().TryGetValue(key, out var value) ? value : null;

    /// <summary>The node at a '.'-separated path of mapping keys, or null.</summary>
    public static YamlNode? At(this YamlNode node, string path) =>
        path.Split('.').Aggregate<string, YamlNode?>(node, (current, key) => current?.Get(key));

    public static string? Text(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(this YamlNode? node) =>
        node is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    /// <summary>A mapping's entries, with those of mappings merged in by <c>&lt;&lt;</c> (YAML's merge key, as compose files use it) under its own.</summary>
    public static IReadOnlyDictionary<string, YamlNode> Entries(this YamlNode? node)
    {
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping)
        {
            return entries;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name == "<<")
            {
                foreach (var merged in value is YamlSequenceNode sequence ? sequence.Children : [value])
                {
                    foreach (var (mergedKey, mergedValue) in merged.Entries())
                    {
                        entries.TryAdd(mergedKey, mergedValue);
                    }
                }
            }
            else
            {
                entries[name] = value;
            }
        }

        return entries;
    }

    /// <summary>
    /// The same document as JSON, with plain scalars typed as YAML's core schema types them (null, booleans,
    /// integers, floats) and quoted ones kept as strings, as Helm hands values to a JSON schema.
    /// </summary>
    public static JsonNode? ToJson(this YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(entry =>
            KeyValuePair.Create(((YamlScalarNode)entry.Key).Value!, entry.Value.ToJson()))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(item => item.ToJson()).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start}"),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var large) => JsonValue.Create(large),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
    }
}
